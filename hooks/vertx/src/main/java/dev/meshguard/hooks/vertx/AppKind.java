package dev.meshguard.hooks.vertx;

/**
 * What a Vert.x application routes with, told from the class of the handler it gave the server; it decides which path
 * the policies see ({@link RoutedPath}). Anything not recognised is {@link #CORE}, whose rule is also safe for an
 * application that calls a router from its own handler.
 */
enum AppKind {
    /** A plain {@code HttpServer} handler: it sees the raw path. */
    CORE,
    /** A Vert.x Web {@code Router}: its routes match the normalised path ({@code RoutingContext.normalizedPath()}). */
    WEB,
    /** Quarkus's root handler: its router's normalised path, then RESTEasy Reactive's reading of {@code ;} paths. */
    QUARKUS;

    private static final String ROUTER = "io.vertx.ext.web.Router";
    private static final String QUARKUS_HTTP = "io.quarkus.vertx.http.runtime.";

    /** The kind of application whose request handler is {@code handler}. */
    static AppKind of(Object handler) {
        for (Class<?> c = handler.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().startsWith(QUARKUS_HTTP)) {
                return QUARKUS;
            }
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(ROUTER)) {
                    return WEB;
                }
            }
        }
        return CORE;
    }
}
