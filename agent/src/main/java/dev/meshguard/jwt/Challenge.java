package dev.meshguard.jwt;

/** The {@code WWW-Authenticate} value Envoy's JWT filter sends with a refusal. */
public final class Challenge {
    /** Envoy's {@code MaximumUriLength}: the path and query in the realm are cut to this many characters. */
    static final int MAX_URI_PATH = 256;

    private Challenge() {
    }

    /**
     * {@code Bearer realm="<scheme>://<host><path?query>", error="invalid_token"}, the path and query being the
     * normalised {@code :path} as Envoy holds it, cut to its first 256 characters.
     */
    public static String wwwAuthenticate(String scheme, String host, String pathAndQuery) {
        String path = pathAndQuery.length() > MAX_URI_PATH ? pathAndQuery.substring(0, MAX_URI_PATH) : pathAndQuery;
        return "Bearer realm=\"" + scheme + "://" + (host == null ? "" : host) + path + "\", error=\"invalid_token\"";
    }
}
