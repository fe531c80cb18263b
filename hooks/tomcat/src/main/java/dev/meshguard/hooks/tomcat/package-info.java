/** The tomcat hook: its instrumentation (matchers and advice) and its adapter. */
package dev.meshguard.hooks.tomcat;
