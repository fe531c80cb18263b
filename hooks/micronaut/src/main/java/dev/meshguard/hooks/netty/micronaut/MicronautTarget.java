package dev.meshguard.hooks.netty.micronaut;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A request's method and target as Micronaut's router reads them, and what Meshguard refuses of them. Micronaut routes
 * on the raw path ({@code NettyHttpRequest.getPath()}: the target before {@code ?}, from the first {@code /} after
 * {@code scheme://authority} in absolute form), undecoded, with its dot-segments and fragment, and its templates match
 * it without one trailing {@code /}; path variables are percent-decoded only after the match. The decision core
 * refuses with 400 a raw path that an Istio sidecar would normalise into something else ({@code RequestView.rawPath}),
 * and what this class finds {@link #ambiguous()}, that Micronaut would read otherwise still:
 * <ul>
 *   <li>a method with a lower-case letter, which Micronaut upper-cases and routes (an Istio sidecar refuses it);</li>
 *   <li>a target {@code java.net.URI} cannot parse (a bad {@code %} escape, {@code |}, {@code {}}, ...), which Micronaut
 *       answers with 400 itself, but only after running the application's filters on {@code /};</li>
 *   <li>an encoded {@code /} or {@code \} ({@code %2F}, {@code %5C}) in the path, which Micronaut decodes into path
 *       variables after matching: stricter than Istio, which passes them on unchanged.</li>
 * </ul>
 * Immutable.
 */
final class MicronautTarget {
    /** Characters of a target {@code java.net.URI} always accepts, so it need not be parsed; not {@code %}. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (char c : ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?").toCharArray()) {
            PLAIN[c] = true;
        }
    }

    private final String rawPath;
    private final boolean ambiguous;

    private MicronautTarget(String rawPath, boolean ambiguous) {
        this.rawPath = rawPath;
        this.ambiguous = ambiguous;
    }

    static MicronautTarget of(String method, String uri) {
        String path = path(uri);
        return new MicronautTarget(path, hasLowerCase(method) || !parses(uri) || hasEncodedSeparator(path));
    }

    /** The path the router matches, as sent. */
    String rawPath() { return rawPath; }

    /** The router's reading of {@link #rawPath()}: without one trailing {@code /}, unless it is {@code /}. */
    String routedPath() {
        int n = rawPath.length();
        return n > 1 && rawPath.charAt(n - 1) == '/' ? rawPath.substring(0, n - 1) : rawPath;
    }

    /** True when Micronaut would read the request otherwise than any policy can see it: it is refused with 400. */
    boolean ambiguous() { return ambiguous; }

    /** {@code NettyHttpRequest.getPath()} of Micronaut 4.10: the same characters, computed the same way. */
    static String path(String uri) {
        if (uri.isEmpty()) {
            return "";
        }
        int start = 0;
        if (uri.charAt(0) != '/') {
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                start = uri.indexOf('/', scheme + 3);
                if (start < 0) {
                    return "/";
                }
            }
        }
        int query = uri.indexOf('?', start);
        return query < 0 ? uri.substring(start) : uri.substring(start, query);
    }

    private static boolean hasLowerCase(String method) {
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }

    /** True when {@code java.net.URI}, which Micronaut builds from every target it cannot skip, accepts {@code uri}. */
    private static boolean parses(String uri) {
        boolean plain = !uri.isEmpty() && uri.charAt(0) == '/';
        for (int i = 0; plain && i < uri.length(); i++) {
            char c = uri.charAt(i);
            plain = c < 128 && PLAIN[c];
        }
        if (plain) {
            return true;
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean hasEncodedSeparator(String path) {
        for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
            char hi = path.charAt(i + 1);
            char lo = Character.toUpperCase(path.charAt(i + 2));
            if ((hi == '2' && lo == 'F') || (hi == '5' && lo == 'C')) {
                return true;
            }
        }
        return false;
    }
}
