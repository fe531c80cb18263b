package dev.meshguard.jwt;

import dev.meshguard.bootstrap.RequestView;

/** The {@code WWW-Authenticate} value Envoy's JWT filter sends with a 401. */
public final class Challenge {

    private Challenge() {
    }

    /** {@code Bearer realm="<scheme>://<host><path>", error="invalid_token"}, the path without its query. */
    public static String wwwAuthenticate(RequestView request) {
        String target = request.rawTarget();
        int q = target == null ? -1 : target.indexOf('?');
        String path = target == null ? request.path() : q < 0 ? target : target.substring(0, q);
        String host = request.host() == null ? "" : request.host();
        return "Bearer realm=\"" + request.scheme() + "://" + host + path + "\", error=\"invalid_token\"";
    }
}
