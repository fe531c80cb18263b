package dev.meshguard.jwt;

import dev.meshguard.bootstrap.RequestView;

import java.util.List;
import java.util.Locale;

/**
 * One place a token may be, read as Envoy's {@code jwt_authn} extractor reads it: a header (each of its values on its
 * own), a query parameter (its first value, percent-decoded) or a cookie (its first value, quotes removed).
 * <p>
 * In a header with a prefix such as {@code Bearer }, the prefix is searched anywhere in the value (case-sensitive);
 * the characters after it that cannot start a token are skipped, and the token is the rest of the value: text after
 * the token stays part of it, so it fails to parse. A value without the prefix holds no token. Immutable; equal
 * locations are merged across rules.
 */
final class TokenLocation {
    enum Kind { HEADER, PARAM, COOKIE }

    static final TokenLocation DEFAULT_HEADER = new TokenLocation(Kind.HEADER, "Authorization", "Bearer ");
    static final TokenLocation DEFAULT_PARAM = new TokenLocation(Kind.PARAM, "access_token", "");

    final Kind kind;
    final String name;
    final String prefix;

    TokenLocation(Kind kind, String name, String prefix) {
        this.kind = kind;
        this.name = name;
        this.prefix = prefix == null ? "" : prefix;
    }

    /** Adds every token found here to {@code out}; never throws, whatever the request holds. */
    void extract(RequestView request, List<String> out) {
        switch (kind) {
            case HEADER:
                for (String value : request.headers(name)) {
                    String token = fromHeaderValue(value == null ? "" : value);
                    if (token != null) {
                        out.add(token);
                    }
                }
                break;
            case PARAM:
                String param = firstParam(request.query(), name);
                if (param != null) {
                    out.add(param);
                }
                break;
            default:
                String cookie = firstCookie(request.headers("Cookie"), name);
                if (cookie != null) {
                    out.add(cookie);
                }
        }
    }

    /** Envoy's {@code extractJWT}: the token in one header value, or null when the prefix is not in it. */
    String fromHeaderValue(String value) {
        if (prefix.isEmpty()) {
            return value;
        }
        int at = value.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        for (int i = at + prefix.length(); i < value.length(); i++) {
            if (isTokenChar(value.charAt(i))) {
                return value.substring(i);
            }
        }
        return value;
    }

    /** Base64url characters and the dot. */
    private static boolean isTokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.';
    }

    /** The first value of parameter {@code key} in {@code query}, percent-decoded; null when absent. */
    static String firstParam(String query, String key) {
        if (query == null) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            if (eq < 0 || eq > end) {
                eq = end;
            }
            if (key.equals(percentDecode(query.substring(start, eq)))) {
                return eq == end ? "" : percentDecode(query.substring(eq + 1, end));
            }
            start = end + 1;
        }
        return null;
    }

    /** {@code %XX} decoding, as UTF-8; a malformed escape is kept as it is. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The first cookie named {@code key} in any {@code Cookie} header, without surrounding quotes; null when absent. */
    static String firstCookie(List<String> headers, String key) {
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            for (String cookie : header.split(";")) {
                int eq = cookie.indexOf('=');
                if (eq > 0 && key.equals(cookie.substring(0, eq).trim())) {
                    String v = cookie.substring(eq + 1).trim();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    return v;
                }
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenLocation)) {
            return false;
        }
        TokenLocation l = (TokenLocation) o;
        return kind == l.kind && prefix.equals(l.prefix)
                && (kind == Kind.HEADER ? name.equalsIgnoreCase(l.name) : name.equals(l.name));
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + (kind == Kind.HEADER ? name.toLowerCase(Locale.ROOT) : name).hashCode();
    }

    @Override
    public String toString() { return kind.name().toLowerCase(Locale.ROOT) + " " + name; }
}
