/**
 * Jetty 9.4, 10 and 11 (embedded and standalone, servlet applications): the decision is made when
 * {@code Server.handle(HttpChannel)} calls the server's first handler ({@code HandlerWrapper.handle} on the
 * {@code Server}), once the request is parsed and its path decoded and canonicalised, before any other handler runs.
 * Compiled against 9.4; what differs in 10 and 11 (immutable request fields, javax or jakarta types) is reached by
 * reflection.
 */
package dev.meshguard.hooks.jetty9;
