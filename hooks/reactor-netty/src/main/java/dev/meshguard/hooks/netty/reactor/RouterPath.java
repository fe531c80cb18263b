package dev.meshguard.hooks.netty.reactor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The path Spring's router matches for a request target, as one string: the target's path split on {@code /}, each
 * segment cut at its first {@code ;} and percent-decoded as UTF-8, joined again with {@code /} ({@code //} kept, dot
 * segments not resolved, case kept). That is what {@code PathContainer} hands WebFlux's handler mappings, router
 * functions and Spring Cloud Gateway's path predicate. A target the router would read otherwise than that string, or
 * ambiguously, has no reading (null): a target that is not origin-form or {@code http(s)} absolute-form; a byte
 * outside {@code 0x21-0x7E}; a character {@code java.net.URI} refuses; a malformed escape; a segment that decodes to a
 * dot segment ({@code .}, {@code ..}, {@code %2e}, {@code ..;x}), or to {@code /}, {@code \} or a control character.
 */
final class RouterPath {
    private RouterPath() {
    }

    /**
     * Where the path starts in {@code target}: 0 for origin-form, after the authority for {@code http://} or
     * {@code https://} absolute-form (any case) when a path follows it; -1 for anything else (asterisk-form,
     * authority-form, another scheme, a relative target, an absolute-form target without a path).
     */
    static int pathStart(String target) {
        if (target.startsWith("/")) {
            return 0;
        }
        int authority;
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            authority = 7;
        } else if (target.regionMatches(true, 0, "https://", 0, 8)) {
            authority = 8;
        } else {
            return -1;
        }
        int end = authority;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return end > authority && end < target.length() && target.charAt(end) == '/' ? end : -1;
    }

    /** The authority of an absolute-form target whose path starts at {@code pathStart}; null for origin-form. */
    static String authority(String target, int pathStart) {
        return pathStart == 0 ? null : target.substring(target.indexOf("://") + 3, pathStart);
    }

    /** The router's reading of the path that starts at {@code from} in {@code target}, or null when it has none. */
    static String read(String target, int from) {
        int end = validEnd(target, from);
        if (end < 0) {
            return null;
        }
        boolean plain = true;
        for (int i = from; i < end && plain; i++) {
            char c = target.charAt(i);
            plain = c != '%' && c != ';';
        }
        if (plain) {
            return hasDotSegment(target, from, end) ? null : target.substring(from, end);
        }
        StringBuilder out = new StringBuilder(end - from);
        int start = from;
        while (start <= end) {
            int slash = target.indexOf('/', start);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            String value = segmentValue(target, start, segmentEnd);
            if (value == null) {
                return null;
            }
            if (start > from) {
                out.append('/');
            }
            out.append(value);
            start = segmentEnd + 1;
        }
        return out.toString();
    }

    /**
     * Checks every character of the target from {@code from} and returns where its path ends (the first {@code ?} or
     * {@code #}); -1 when a character is not one {@code java.net.URI} and the router read as they are.
     */
    private static int validEnd(String target, int from) {
        int pathEnd = -1;
        boolean fragment = false;
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || hex(target.charAt(i + 1)) < 0 || hex(target.charAt(i + 2)) < 0) {
                    return -1;
                }
                i += 2;
            } else if (c == '?' || c == '#') {
                if (c == '#' && fragment) {
                    return -1;
                }
                fragment |= c == '#';
                if (pathEnd < 0) {
                    pathEnd = i;
                }
            } else if (!allowed(c, pathEnd >= 0)) {
                return -1;
            }
        }
        return pathEnd < 0 ? target.length() : pathEnd;
    }

    /** RFC 3986 path characters, and in the query or fragment also {@code ?} and the brackets {@code java.net.URI} accepts there. */
    private static boolean allowed(char c, boolean afterPath) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        if ("-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
            return true;
        }
        return afterPath && (c == '[' || c == ']');
    }

    /** A segment's value as the router matches it (cut at {@code ;}, decoded), or null when it is ambiguous. */
    private static String segmentValue(String target, int start, int end) {
        int semicolon = target.indexOf(';', start);
        int valueEnd = semicolon < 0 || semicolon > end ? end : semicolon;
        int escape = target.indexOf('%', start);
        String value = escape < 0 || escape >= valueEnd ? target.substring(start, valueEnd) : decode(target, start, valueEnd);
        if (value.equals(".") || value.equals("..")) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7F) {
                return null;
            }
        }
        return value;
    }

    private static String decode(String target, int start, int end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = target.charAt(i);
            if (c == '%') {
                bytes.write(hex(target.charAt(i + 1)) << 4 | hex(target.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean hasDotSegment(String target, int from, int end) {
        int start = from;
        while (start <= end) {
            int slash = target.indexOf('/', start);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            int length = segmentEnd - start;
            if ((length == 1 || length == 2) && target.charAt(start) == '.' && target.charAt(segmentEnd - 1) == '.') {
                return true;
            }
            start = segmentEnd + 1;
        }
        return false;
    }

    /** An ASCII hex digit's value, or -1 (unlike {@code Character.digit}, no other script's digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }
}
