package dev.meshguard.hooks.vertx;

import io.vertx.core.http.HttpServerRequest;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * The check Vert.x Web's router makes before routing: {@code HttpServerRequestInternal.isValidAuthority()}, in
 * {@code io.vertx.core.internal.http} from 5.0 and {@code io.vertx.core.http.impl} in 4.x. The router answers 400 to a
 * request that fails it (unless HTTP/1.0). The server's own method validates the Host or {@code :authority} without
 * building a {@code HostAndPort}; a request of another class is checked through {@code authority()}. Immutable.
 */
final class AuthorityCheck {
    private static final String[] OWNERS = {
        "io.vertx.core.internal.http.HttpServerRequestInternal",
        "io.vertx.core.http.impl.HttpServerRequestInternal",
    };

    private final Class<?> internal;
    private final MethodHandle isValid;

    private AuthorityCheck(Class<?> internal, MethodHandle isValid) {
        this.internal = internal;
        this.isValid = isValid;
    }

    /** The check of the Vert.x that {@code loader} sees; through {@code authority()} alone when it has neither. */
    static AuthorityCheck of(ClassLoader loader) {
        MethodHandle h = VertxInternals.find(loader, OWNERS, "isValidAuthority",
                MethodType.methodType(boolean.class), false);
        if (h == null) {
            return new AuthorityCheck(null, null);
        }
        Class<?> owner = h.type().parameterType(0);
        return new AuthorityCheck(owner, h.asType(MethodType.methodType(boolean.class, Object.class)));
    }

    /** Whether the router takes the request's Host or {@code :authority}. */
    boolean isValid(HttpServerRequest request) {
        if (internal == null || !internal.isInstance(request)) {
            return request.authority() != null;
        }
        try {
            return (boolean) isValid.invokeExact((Object) request);
        } catch (Throwable t) {
            throw VertxInternals.unchecked(t);
        }
    }
}
