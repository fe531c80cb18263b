package dev.meshguard.hooks.vertx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Vert.x's own path normalisation, the one {@code RoutingContext.normalizedPath()} applies before routes are matched:
 * {@code RFC3986.normalizePath} in 5.0, {@code HttpUtils.normalizePath} in 4.x (the same rules: unreserved escapes
 * decoded, dot segments removed, {@code //} merged, a leading {@code /} added). Using the server's own function keeps
 * the policies' reading and the router's the same by construction. Immutable.
 */
final class RouterNormalizer {
    private static final String[] OWNERS = {"io.vertx.core.internal.net.RFC3986", "io.vertx.core.http.impl.HttpUtils"};

    private final MethodHandle normalize;

    private RouterNormalizer(MethodHandle normalize) {
        this.normalize = normalize;
    }

    /** The normaliser of the Vert.x that {@code loader} sees; fails when that Vert.x has neither. */
    static RouterNormalizer of(ClassLoader loader) {
        MethodHandle h = VertxInternals.find(loader, OWNERS, "normalizePath",
                MethodType.methodType(String.class, String.class), true);
        if (h == null) {
            throw new IllegalStateException("no Vert.x path normalisation found (RFC3986 or HttpUtils)");
        }
        return new RouterNormalizer(h);
    }

    /** The path the router matches, or null when Vert.x refuses it (a malformed escape; its router answers 400). */
    String normalize(String path) {
        try {
            return (String) normalize.invokeExact(path);
        } catch (IllegalArgumentException malformed) {
            return null;
        } catch (Throwable t) {
            throw VertxInternals.unchecked(t);
        }
    }
}
