package dev.meshguard.authz;

import java.nio.charset.StandardCharsets;

/**
 * The {@code :path} an Istio sidecar's RBAC filter matches, computed from the request target as sent: Istio's default
 * {@code pathNormalization: BASE} is Envoy's {@code normalize_path: true} with slashes kept as they are, and the
 * policies' {@code paths} match the result without its query or fragment ({@code url_path}). The steps are Envoy's
 * ({@code PathUtil::canonicalPath} over googleurl's {@code CanonicalizePath}):
 * <ul>
 *   <li>the fragment and the query are cut off;</li>
 *   <li>a {@code .;x} or {@code ..;x} segment loses its parameters;</li>
 *   <li>{@code .} and {@code ..} segments (also spelled {@code %2e}) are resolved, never above the root;</li>
 *   <li>{@code \} becomes {@code /}; an escaped letter, digit, {@code -}, {@code .}, {@code _} or {@code ~} is decoded;
 *       any other escape is kept byte for byte; bytes a URL may not carry are escaped in upper case;</li>
 *   <li>{@code //} and {@code ;} parameters of other segments are kept;</li>
 *   <li>a NUL byte, raw or {@code %00}, fails the request (Envoy answers 400).</li>
 * </ul>
 * Characters above U+00FF are taken as their UTF-8 bytes; a target is otherwise read one byte per character.
 */
public final class EnvoyPath {
    private static final int PASS = 0;
    private static final int UNESCAPE = 1;
    private static final int ESCAPE = 2;
    private static final int SPECIAL = 3;
    private static final int INVALID = 4;
    private static final byte[] KIND = new byte[256];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (int c = 0; c < 256; c++) {
            KIND[c] = ESCAPE;
        }
        KIND[0] = INVALID;
        for (char c : "!$&'()*+,/:;=@[]".toCharArray()) {
            KIND[c] = PASS;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            KIND[c] = UNESCAPE;
            KIND[c - 32] = UNESCAPE;
        }
        for (int c = '0'; c <= '9'; c++) {
            KIND[c] = UNESCAPE;
        }
        KIND['-'] = UNESCAPE;
        KIND['_'] = UNESCAPE;
        KIND['~'] = UNESCAPE;
        KIND['.'] = SPECIAL;
        KIND['%'] = SPECIAL;
        KIND['\\'] = SPECIAL;
    }

    private EnvoyPath() {
    }

    /**
     * The normalised path of {@code target} (origin-form: path, optional query and fragment), without query or
     * fragment; null when Envoy refuses the path (400). The result is {@code target} itself when nothing changes.
     */
    public static String of(String target) {
        int end = target.length();
        for (int i = 0; i < end; i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        if (isAlreadyNormal(target, end)) {
            return end == target.length() ? target : target.substring(0, end);
        }
        byte[] in = bytes(stripDotSegmentParameters(target.substring(0, end)));
        return canonicalize(in);
    }

    /** The common case: starts with {@code /} and holds nothing this normalisation would change. */
    private static boolean isAlreadyNormal(String s, int end) {
        if (end == 0 || s.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= 256) {
                return false;
            }
            int kind = KIND[c];
            if (kind == SPECIAL) {
                if (c != '.' || (s.charAt(i - 1) == '/' && isDotSegmentEnd(s, i + 1, end))) {
                    return false;
                }
            } else if (kind != PASS && kind != UNESCAPE) {
                return false;
            }
        }
        return true;
    }

    /** True when a dot at {@code i - 1} that follows a slash may start a dot segment ({@code .}, {@code ..}, {@code .;x}). */
    private static boolean isDotSegmentEnd(String s, int i, int end) {
        return i == end || s.charAt(i) == '/' || s.charAt(i) == '.' || s.charAt(i) == ';';
    }

    /** Envoy's fix for {@code /..;x/}: a dot segment's parameters are dropped before canonicalisation. */
    private static String stripDotSegmentParameters(String path) {
        if (path.indexOf(";") < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("..;")) {
                segments[i] = "..";
            } else if (segments[i].startsWith(".;")) {
                segments[i] = ".";
            }
        }
        return String.join("/", segments);
    }

    private static byte[] bytes(String s) {
        boolean wide = false;
        for (int i = 0; i < s.length() && !wide; i++) {
            wide = s.charAt(i) > 0xFF;
        }
        return s.getBytes(wide ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String canonicalize(byte[] in) {
        StringBuilder out = new StringBuilder(in.length + 8);
        int end = in.length;
        int start = 0;
        if (end == 0 || (in[0] != '/' && in[0] != '\\')) {
            out.append('/');
        }
        boolean ok = true;
        int lastInvalidPercent = -1;
        for (int i = start; i < end; i++) {
            int c = in[i] & 0xFF;
            int kind = KIND[c];
            if (kind == PASS || kind == UNESCAPE) {
                out.append((char) c);
                continue;
            }
            if (kind == INVALID) {
                escape(out, c);
                ok = false;
                continue;
            }
            if (kind == ESCAPE) {
                escape(out, c);
                continue;
            }
            int dot = dotLength(in, i, end);
            if (dot > 0) {
                i = dot(in, i, dot, end, out);
                if (lastInvalidPercent >= out.length()) {
                    lastInvalidPercent = -1;
                }
            } else if (c == '\\') {
                out.append('/');
            } else {
                int value = i + 2 < end ? hexPair(in[i + 1], in[i + 2]) : -1;
                if (value < 0) {
                    lastInvalidPercent = out.length();
                    out.append('%');
                } else if (KIND[value] == UNESCAPE) {
                    out.append((char) value);
                    i += 2;
                    if (lastInvalidPercent >= 0 && lastInvalidPercent >= out.length() - 3
                            && formsEscape(out, lastInvalidPercent, in, i + 1, end)) {
                        out.insert(lastInvalidPercent + 1, "25");
                        lastInvalidPercent = -1;
                    }
                } else {
                    out.append('%').append((char) in[i + 1]).append((char) in[i + 2]);
                    ok &= KIND[value] != INVALID;
                    i += 2;
                }
            }
        }
        return ok ? out.toString() : null;
    }

    /**
     * googleurl's guard against nested escapes ({@code %%30%30}): true when the invalid {@code %} at {@code percent}
     * and the characters decoded after it, with the next input byte if needed, would now read as an escape.
     */
    private static boolean formsEscape(StringBuilder out, int percent, byte[] in, int next, int end) {
        int n = out.length();
        if (percent == n - 3) {
            return hexPair((byte) out.charAt(n - 2), (byte) out.charAt(n - 1)) >= 0;
        }
        return percent == n - 2 && next < end && in[next] >= 0 && hexPair((byte) out.charAt(n - 1), in[next]) >= 0;
    }

    /** Handles a dot at {@code i} (of {@code len} input bytes); returns the index of its last consumed byte. */
    private static int dot(byte[] in, int i, int len, int end, StringBuilder out) {
        if (out.charAt(out.length() - 1) != '/') {
            out.append('.');
            return i + len - 1;
        }
        int after = i + len;
        if (after == end) {
            return after - 1;
        }
        if (isSlash(in[after])) {
            return after;
        }
        int second = dotLength(in, after, end);
        if (second > 0) {
            int afterSecond = after + second;
            if (afterSecond == end || isSlash(in[afterSecond])) {
                upOneSegment(out);
                return afterSecond == end ? afterSecond - 1 : afterSecond;
            }
        }
        out.append('.');
        return i + len - 1;
    }

    /** Drops the last segment of {@code out}, which ends with a slash; stays at the root. */
    private static void upOneSegment(StringBuilder out) {
        int i = out.length() - 1;
        if (i == 0) {
            return;
        }
        i--;
        while (i > 0 && out.charAt(i) != '/') {
            i--;
        }
        out.setLength(i + 1);
    }

    private static boolean isSlash(byte b) {
        return b == '/' || b == '\\';
    }

    /** 1 for {@code .}, 3 for {@code %2e} or {@code %2E}, else 0. */
    private static int dotLength(byte[] in, int i, int end) {
        if (in[i] == '.') {
            return 1;
        }
        if (in[i] == '%' && i + 2 < end && in[i + 1] == '2' && (in[i + 2] == 'e' || in[i + 2] == 'E')) {
            return 3;
        }
        return 0;
    }

    private static int hexPair(byte a, byte b) {
        int hi = Character.digit((char) a, 16);
        int lo = Character.digit((char) b, 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static void escape(StringBuilder out, int c) {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
    }
}
