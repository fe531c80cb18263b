/** The jetty10 hook: its instrumentation (matchers and advice) and its adapter. */
package dev.meshguard.hooks.jetty10;
