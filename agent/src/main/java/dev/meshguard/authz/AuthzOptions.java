package dev.meshguard.authz;

import java.time.Duration;

/** What authorization needs from the agent's configuration. Immutable. */
public final class AuthzOptions {
    private final int trustedProxies;
    private final String extAuthzUrl;
    private final Duration extAuthzTimeout;

    /**
     * @param trustedProxies  how many {@code X-Forwarded-For} hops to trust for {@code remote.ip}
     * @param extAuthzUrl     the HTTP external authorizer for CUSTOM policies, or null
     * @param extAuthzTimeout how long to wait for it
     */
    public AuthzOptions(int trustedProxies, String extAuthzUrl, Duration extAuthzTimeout) {
        this.trustedProxies = trustedProxies;
        this.extAuthzUrl = extAuthzUrl;
        this.extAuthzTimeout = extAuthzTimeout;
    }

    public int trustedProxies() { return trustedProxies; }

    public String extAuthzUrl() { return extAuthzUrl; }

    public Duration extAuthzTimeout() { return extAuthzTimeout; }
}
