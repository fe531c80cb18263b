package dev.meshguard.jwt;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The identity a valid JWT establishes: what Istio exposes as {@code request.auth.*}.
 * Claims keep their JSON shape: {@code Map}, {@code List}, {@code String}, {@code Long}/{@code Double},
 * {@code Boolean}, or null.
 */
public final class JwtIdentity {
    private final String issuer;
    private final String subject;
    private final String principal;
    private final List<String> audiences;
    private final String presenter;
    private final Map<String, Object> claims;
    private final List<String> spaceDelimitedClaims;

    public JwtIdentity(String issuer, String subject, List<String> audiences, String presenter,
                       Map<String, Object> claims, List<String> spaceDelimitedClaims) {
        this.issuer = issuer;
        this.subject = subject;
        this.principal = (issuer == null ? "" : issuer) + "/" + (subject == null ? "" : subject);
        this.audiences = Collections.unmodifiableList(audiences);
        this.presenter = presenter;
        this.claims = Collections.unmodifiableMap(claims);
        this.spaceDelimitedClaims = Collections.unmodifiableList(spaceDelimitedClaims);
    }

    /** {@code iss/sub}, for logs; policies match {@link #issuer()} and {@link #subject()} apart, as Istio does. */
    public String principal() { return principal; }

    /** The {@code iss} claim, or null when the token has none. */
    public String issuer() { return issuer; }

    /** The {@code sub} claim, or null when the token has none. */
    public String subject() { return subject; }

    /** {@code request.auth.audiences}: the {@code aud} claim as a list. */
    public List<String> audiences() { return audiences; }

    /** {@code request.auth.presenter}: the {@code azp} claim, or null. */
    public String presenter() { return presenter; }

    /** All payload claims, parsed. */
    public Map<String, Object> claims() { return claims; }

    /**
     * Claim names (top level) whose string value is split on spaces when matched: {@code scope},
     * {@code permission} and the rule's {@code spaceDelimitedClaims}.
     */
    public List<String> spaceDelimitedClaims() { return spaceDelimitedClaims; }
}
