package dev.meshguard.jwt;

import dev.meshguard.bootstrap.RequestView;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.List;
import java.util.Locale;

/**
 * One place a token may be: a header (with a case-sensitive prefix such as {@code Bearer }, after which the value
 * must be the token alone: extra spaces or text make it an invalid token), a query parameter or
 * a cookie. Immutable; equal locations are merged across rules.
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
        this.prefix = prefix;
    }

    /** Adds every token found here to {@code out}. */
    void extract(RequestView request, List<String> out) {
        switch (kind) {
            case HEADER:
                for (String value : request.headers(name)) {
                    if (value.startsWith(prefix)) {
                        add(out, value.substring(prefix.length()));
                    }
                }
                break;
            case PARAM:
                String query = request.query();
                if (query != null) {
                    for (String pair : query.split("&")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0 && name.equals(decode(pair.substring(0, eq)))) {
                            add(out, decode(pair.substring(eq + 1)));
                        }
                    }
                }
                break;
            default:
                for (String header : request.headers("Cookie")) {
                    for (String cookie : header.split(";")) {
                        int eq = cookie.indexOf('=');
                        if (eq > 0 && name.equals(cookie.substring(0, eq).trim())) {
                            String v = cookie.substring(eq + 1).trim();
                            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                                v = v.substring(1, v.length() - 1);
                            }
                            add(out, v);
                        }
                    }
                }
        }
    }

    private static void add(List<String> out, String token) {
        if (!token.isEmpty()) {
            out.add(token);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, "UTF-8");
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            return s;
        }
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
