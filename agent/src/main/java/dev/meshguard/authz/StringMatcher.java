package dev.meshguard.authz;

import java.util.Locale;

/**
 * Istio's string match, compiled once: exact {@code abc}, prefix {@code abc*}, suffix {@code *abc}, or presence
 * {@code *} (any non-empty value). Optionally case-insensitive (hosts). Immutable.
 */
final class StringMatcher {
    private enum Kind { EXACT, PREFIX, SUFFIX, PRESENCE }

    private final Kind kind;
    private final String text;
    private final boolean ignoreCase;

    private StringMatcher(Kind kind, String text, boolean ignoreCase) {
        this.kind = kind;
        this.text = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        this.ignoreCase = ignoreCase;
    }

    static StringMatcher of(String value, boolean ignoreCase) {
        if (value.equals("*")) {
            return new StringMatcher(Kind.PRESENCE, "", ignoreCase);
        }
        if (value.endsWith("*")) {
            return new StringMatcher(Kind.PREFIX, value.substring(0, value.length() - 1), ignoreCase);
        }
        if (value.startsWith("*")) {
            return new StringMatcher(Kind.SUFFIX, value.substring(1), ignoreCase);
        }
        return new StringMatcher(Kind.EXACT, value, ignoreCase);
    }

    static StringMatcher exact(String text) { return new StringMatcher(Kind.EXACT, text, false); }

    static StringMatcher prefix(String text) { return new StringMatcher(Kind.PREFIX, text, false); }

    static StringMatcher suffix(String text) { return new StringMatcher(Kind.SUFFIX, text, false); }

    /** Envoy's {@code safe_regex: .+}: any non-empty value. */
    static StringMatcher nonEmpty() { return new StringMatcher(Kind.PRESENCE, "", false); }

    /** False for a null (absent) value, whatever the pattern. */
    boolean matches(String value) {
        if (value == null) {
            return false;
        }
        switch (kind) {
            case PRESENCE: return !value.isEmpty();
            case PREFIX: return value.regionMatches(ignoreCase, 0, text, 0, text.length());
            case SUFFIX: return value.regionMatches(ignoreCase, value.length() - text.length(), text, 0, text.length());
            default: return ignoreCase ? value.equalsIgnoreCase(text) : value.equals(text);
        }
    }
}
