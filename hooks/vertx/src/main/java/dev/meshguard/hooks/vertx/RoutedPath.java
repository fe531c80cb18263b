package dev.meshguard.hooks.vertx;

/**
 * The path a Vert.x application routes on, the one the policies must see beside Envoy's reading; null when that
 * application could read the request otherwise than any one path says, which is refused with 400:
 * <ul>
 *   <li>{@link AppKind#CORE}: the raw path ({@code HttpServerRequest.path()}, undecoded); the engine refuses it where it
 *       differs from Envoy's normalised form, and a {@code //} is refused here, because a router called from the
 *       application's own handler would merge it where Envoy keeps it;</li>
 *   <li>{@link AppKind#WEB}: the router's normalised path; a malformed escape is refused, as the router would;</li>
 *   <li>{@link AppKind#QUARKUS}: the same, and for a path with {@code ;} RESTEasy Reactive's reading of it: empty
 *       segments dropped, each segment cut at its first {@code ;} and fully percent-decoded. A segment that then
 *       holds a {@code /}, {@code \}, {@code %}, a control or non-ASCII character, or is empty, {@code .} or
 *       {@code ..}, is refused: {@code /admin%2Fx;m=1} would otherwise be served by {@code /admin/x}.</li>
 * </ul>
 */
final class RoutedPath {
    private RoutedPath() {
    }

    /** The path {@code kind} routes {@code rawPath} to, or null when it must be refused. */
    static String of(AppKind kind, String rawPath, RouterNormalizer router) {
        String raw = rawPath == null ? "" : rawPath;
        if (kind == AppKind.CORE) {
            return raw.contains("//") ? null : raw;
        }
        if (isNormal(raw)) {
            return raw; // what the router's normalisation would return unchanged, without asking it
        }
        String normalized = router.normalize(raw);
        boolean matrix = kind == AppKind.QUARKUS && normalized != null && normalized.indexOf(';') >= 0;
        return matrix ? matrixReading(normalized) : normalized;
    }

    /**
     * True for a path Vert.x's normalisation leaves as it is: it starts with {@code /} and holds only letters, digits,
     * {@code - _ ~ .} and single slashes, with no dot at the start of a segment (so no dot segment, no escape, no
     * {@code ;}). Most requests' paths are such.
     */
    static boolean isNormal(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '~' || ((c == '.' || c == '/') && previous != '/');
            if (!plain) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** RESTEasy Reactive's path for a normalised path with matrix parameters; null when it is refused. */
    static String matrixReading(String normalized) {
        StringBuilder out = new StringBuilder(normalized.length());
        for (String segment : normalized.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            int semicolon = segment.indexOf(';');
            String decoded = decodeSegment(semicolon < 0 ? segment : segment.substring(0, semicolon));
            if (decoded == null || decoded.isEmpty() || decoded.equals(".") || decoded.equals("..")) {
                return null;
            }
            out.append('/').append(decoded);
        }
        if (normalized.endsWith("/")) {
            out.append('/');
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** A segment percent-decoded; null when an escape is malformed or it decodes to a character refused above. */
    private static String decodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            int c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = hex(segment.charAt(i + 1));
                int lo = hex(segment.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                c = hi * 16 + lo;
                i += 2;
            }
            if (c <= 0x20 || c >= 0x7F || c == '/' || c == '\\' || c == '%') {
                return null;
            }
            out.append((char) c);
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
