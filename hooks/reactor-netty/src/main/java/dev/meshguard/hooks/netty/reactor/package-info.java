/**
 * Reactor Netty 1.2 and 1.3 servers (Spring WebFlux on Spring Boot 3.5 and 4.0, Spring Cloud Gateway): HTTP/1.1, h2c
 * and HTTP/2 over TLS, each request decided once when the server's handle receives it, on the path Spring's router
 * matches. Loaded beside the server with the netty hook's shared classes.
 */
package dev.meshguard.hooks.netty.reactor;
