package dev.meshguard.authz;

/** What authorization needs from the agent's configuration. Immutable. */
public final class AuthzOptions {
    private final int trustedProxies;
    private final boolean extAuthzConfigured;

    /**
     * @param trustedProxies     how many {@code X-Forwarded-For} hops to trust for {@code remote.ip}
     * @param extAuthzConfigured whether an external authorizer answers CUSTOM policies
     */
    public AuthzOptions(int trustedProxies, boolean extAuthzConfigured) {
        this.trustedProxies = trustedProxies;
        this.extAuthzConfigured = extAuthzConfigured;
    }

    public int trustedProxies() { return trustedProxies; }

    public boolean extAuthzConfigured() { return extAuthzConfigured; }
}
