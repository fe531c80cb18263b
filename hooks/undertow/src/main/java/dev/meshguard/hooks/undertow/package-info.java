/**
 * Undertow 2.2 and 2.3 (plain {@code HttpHandler} servers and servlet deployments, HTTP/1.1 and HTTP/2): the decision
 * is made when {@code Connectors.executeRootHandler} first runs the root handler for an exchange. A refused exchange
 * runs a handler that writes the answer instead of the application's; later dispatches of the same exchange (to a
 * worker thread, for example) are not decided again.
 */
package dev.meshguard.hooks.undertow;
