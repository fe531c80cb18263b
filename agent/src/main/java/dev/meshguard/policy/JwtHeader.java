package dev.meshguard.policy;

/** A {@code jwtRules[].fromHeaders} entry: the header carrying the token and the prefix to strip. */
public final class JwtHeader {
    private final String name;
    private final String prefix;

    public JwtHeader(String name, String prefix) {
        this.name = name;
        this.prefix = prefix == null ? "" : prefix;
    }

    public String name() { return name; }

    /** The prefix before the token, {@code ""} when none. */
    public String prefix() { return prefix; }
}
