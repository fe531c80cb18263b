/** The jetty9 hook: its instrumentation (matchers and advice) and its adapter. */
package dev.meshguard.hooks.jetty9;
