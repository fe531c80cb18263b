/**
 * Jetty 12.0 and 12.1 (core handlers and the ee8, ee9 and ee10 servlet layers behind them, HTTP/1.1 and HTTP/2): the
 * decision is made in {@code Server.handle(Request, Response, Callback)}, the root of every request, before any
 * context or handler. An allowed request with header changes goes on as a wrapper; a refused one is answered and the
 * server's handling skipped.
 */
package dev.meshguard.hooks.jetty12;
