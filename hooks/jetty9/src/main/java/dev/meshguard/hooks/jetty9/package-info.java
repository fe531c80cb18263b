/**
 * Jetty 9.4, 10 and 11 (embedded and standalone, servlet applications): the decision is made in
 * {@code Server.handle(HttpChannel)}, once the request is parsed and its path decoded and canonicalised, before any
 * handler runs. Compiled against 9.4; what differs in 10 and 11 (immutable request fields) is reached by reflection.
 */
package dev.meshguard.hooks.jetty9;
