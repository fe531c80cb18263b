/**
 * Vert.x 4.5 and 5.0 HTTP servers (a plain {@code HttpServer} handler, a Vert.x Web {@code Router}, a Quarkus
 * application; HTTP/1.x, h2c and HTTP/2 over TLS): every new connection's request handler is wrapped by a
 * {@link dev.meshguard.hooks.vertx.RequestGuard}, which decides each request before the application's first handler
 * runs, on the path that application routes on. Everything runs on the connection's event loop; a request waiting for
 * an external authorizer is paused and resumed on its own context.
 */
package dev.meshguard.hooks.vertx;
