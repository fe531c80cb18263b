/** The undertow hook: its instrumentation (matchers and advice) and its adapter. */
package dev.meshguard.hooks.undertow;
