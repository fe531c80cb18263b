package dev.meshguard.authz;

import dev.meshguard.bootstrap.RequestView;

import java.util.Locale;

/**
 * A request's path and host under each {@link Reading}. Built once per request; {@link #differ()} tells whether a
 * second evaluation is needed, so the common request, read the same way by both, pays for one. Immutable.
 */
public final class Readings {
    private final String envoyPath;
    private final String envoyHost;
    private final String serverPath;
    private final String serverHost;

    private Readings(String envoyPath, String envoyHost, String serverPath, String serverHost) {
        this.envoyPath = envoyPath;
        this.envoyHost = envoyHost;
        this.serverPath = serverPath;
        this.serverHost = serverHost;
    }

    /**
     * The readings of {@code request}; null when Envoy would refuse its path (a NUL byte, raw or {@code %00}) and
     * answer 400 before any filter.
     */
    public static Readings of(RequestView request) {
        String target = request.rawTarget();
        String sentHost = request.host();
        String serverPath = request.path() == null ? "" : request.path();
        if (target == null || target.isEmpty()) {
            target = serverPath;
        }
        int authorityEnd = absoluteFormPathStart(target);
        if (authorityEnd >= 0) {
            int schemeEnd = target.indexOf("://") + 3;
            sentHost = target.substring(schemeEnd, authorityEnd);
            target = authorityEnd == target.length() ? "/" : target.substring(authorityEnd);
        }
        String envoyPath = EnvoyPath.of(target);
        if (envoyPath == null) {
            return null;
        }
        return new Readings(envoyPath, sentHost, serverPath, canonicalHost(sentHost));
    }

    /** In an absolute-form target ({@code http://host/path}), where the path starts; -1 for any other form. */
    private static int absoluteFormPathStart(String target) {
        if (target.startsWith("/")) {
            return -1;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0 || !target.regionMatches(true, 0, "http", 0, 4)) {
            return -1;
        }
        int end = scheme + 3;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    /** Lower case, without a trailing dot, without a port; null stays null. */
    static String canonicalHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        int bracket = h.lastIndexOf(']');
        if (colon > bracket && colon >= 0) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** True when the readings differ, so policies must be matched under both. */
    public boolean differ() {
        return !envoyPath.equals(serverPath)
                || (envoyHost == null ? serverHost != null : !envoyHost.equalsIgnoreCase(serverHost));
    }

    /** The path under {@code reading} (no query). */
    public String path(Reading reading) { return reading == Reading.ENVOY ? envoyPath : serverPath; }

    /** The host under {@code reading}; null when the request has none. */
    public String host(Reading reading) { return reading == Reading.ENVOY ? envoyHost : serverHost; }
}
