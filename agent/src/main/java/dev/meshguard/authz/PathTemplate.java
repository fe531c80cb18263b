package dev.meshguard.authz;

import java.util.ArrayList;
import java.util.List;

/**
 * A path with Istio's template operators: {@code {*}} is one whole path segment (one or more characters, no
 * {@code /}), {@code {**}} is zero or more characters including {@code /} and must be the last operator. Each
 * operator fills a whole segment. Compiled once; matched without regular expressions.
 */
final class PathTemplate {
    private static final String ONE = "{*}";
    private static final String ANY = "{**}";

    /** Literal text, or one of the two operators (identity-compared). */
    private final List<String> parts;

    private PathTemplate(List<String> parts) {
        this.parts = parts;
    }

    static boolean isTemplate(String path) {
        return path.contains("{*}") || path.contains("{**}");
    }

    /** Parses a template; returns an error message, or null with the result in {@code out[0]}. */
    static String parse(String path, PathTemplate[] out) {
        List<String> parts = new ArrayList<>();
        String[] segments = path.split("/", -1);
        boolean anySeen = false;
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (i > 0) {
                literal.append('/');
            }
            if (seg.equals("{*}") || seg.equals("{**}")) {
                if (anySeen) {
                    return "{**} must be the last operator of a path template";
                }
                anySeen = seg.equals("{**}");
                parts.add(literal.toString());
                literal.setLength(0);
                parts.add(anySeen ? ANY : ONE);
            } else if (seg.contains("*") || seg.contains("{") || seg.contains("}")) {
                return "a path template may use '*', '{' and '}' only as a whole {*} or {**} segment";
            } else {
                literal.append(seg);
            }
        }
        parts.add(literal.toString());
        out[0] = new PathTemplate(parts);
        return null;
    }

    boolean matches(String path) {
        return match(path, 0, 0);
    }

    private boolean match(String path, int pos, int part) {
        if (part == parts.size()) {
            return pos == path.length();
        }
        String p = parts.get(part);
        if (p == ONE) {
            int end = path.indexOf('/', pos);
            end = end < 0 ? path.length() : end;
            return end > pos && match(path, end, part + 1);
        }
        if (p == ANY) {
            String rest = parts.get(part + 1);
            return path.length() - pos >= rest.length() && path.endsWith(rest);
        }
        return path.startsWith(p, pos) && match(path, pos + p.length(), part + 1);
    }
}
