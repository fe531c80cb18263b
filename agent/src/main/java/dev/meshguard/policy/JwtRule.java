package dev.meshguard.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** One {@code RequestAuthentication.spec.jwtRules[]} entry, field for field as Istio defines it. */
public final class JwtRule {
    /** Istio's default JWKS fetch timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String issuer;
    private final List<String> audiences;
    private final String jwksUri;
    private final String jwks;
    private final List<JwtHeader> fromHeaders;
    private final List<String> fromParams;
    private final List<String> fromCookies;
    private final String outputPayloadToHeader;
    private final boolean forwardOriginalToken;
    private final List<ClaimToHeader> outputClaimToHeaders;
    private final Duration timeout;
    private final List<String> spaceDelimitedClaims;

    public JwtRule(String issuer, List<String> audiences, String jwksUri, String jwks,
                   List<JwtHeader> fromHeaders, List<String> fromParams, List<String> fromCookies,
                   String outputPayloadToHeader, boolean forwardOriginalToken,
                   List<ClaimToHeader> outputClaimToHeaders, Duration timeout, List<String> spaceDelimitedClaims) {
        this.issuer = issuer;
        this.audiences = Collections.unmodifiableList(audiences);
        this.jwksUri = jwksUri;
        this.jwks = jwks;
        this.fromHeaders = Collections.unmodifiableList(fromHeaders);
        this.fromParams = Collections.unmodifiableList(fromParams);
        this.fromCookies = Collections.unmodifiableList(fromCookies);
        this.outputPayloadToHeader = outputPayloadToHeader;
        this.forwardOriginalToken = forwardOriginalToken;
        this.outputClaimToHeaders = Collections.unmodifiableList(outputClaimToHeaders);
        this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        this.spaceDelimitedClaims = Collections.unmodifiableList(spaceDelimitedClaims);
    }

    public String issuer() { return issuer; }

    /** Accepted audiences; empty means the audience is not checked. */
    public List<String> audiences() { return audiences; }

    /** The JWKS URL, or null. */
    public String jwksUri() { return jwksUri; }

    /** The inline JWKS JSON, or null. */
    public String jwks() { return jwks; }

    /** Header locations; with no header, param or cookie location the defaults apply. */
    public List<JwtHeader> fromHeaders() { return fromHeaders; }

    public List<String> fromParams() { return fromParams; }

    public List<String> fromCookies() { return fromCookies; }

    /** True when no location is configured, so Istio's defaults ({@code Authorization: Bearer}, {@code access_token}) apply. */
    public boolean usesDefaultLocations() {
        return fromHeaders.isEmpty() && fromParams.isEmpty() && fromCookies.isEmpty();
    }

    /** Header to receive the base64url payload, or null. */
    public String outputPayloadToHeader() { return outputPayloadToHeader; }

    public boolean forwardOriginalToken() { return forwardOriginalToken; }

    public List<ClaimToHeader> outputClaimToHeaders() { return outputClaimToHeaders; }

    /** JWKS fetch timeout; {@link #DEFAULT_TIMEOUT} when not set. */
    public Duration timeout() { return timeout; }

    /** Extra claims whose string value is split on spaces, beyond {@code scope} and {@code permission}. */
    public List<String> spaceDelimitedClaims() { return spaceDelimitedClaims; }
}
