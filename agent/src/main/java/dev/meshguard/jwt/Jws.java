package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.json.JsonTrees;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A compact JWS parsed as Envoy's JWT library parses it, in its order, so a malformed token fails with Envoy's first
 * status: three sections, the header (base64url, JSON, {@code alg}, {@code kid}), the payload (base64url, JSON, then
 * {@code iss}, {@code sub}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, {@code aud}), then the signature's
 * base64url. Stricter than Envoy on spelling (canonical base64url, no empty sections, no duplicate JSON members, at
 * most 16 KiB), which refuses more and never accepts a token Envoy refuses. Header members a bearer token must not use
 * ({@code crit}, {@code b64}, {@code zip}, {@code enc}, a nested {@code cty: JWT}) are noted here and refused at the
 * signature, where Envoy would first check issuer, time and audience. {@code jwk}, {@code jku}, {@code x5u} and
 * {@code x5c} are never used to find a key.
 */
final class Jws {
    /** Longer tokens are refused outright: far above any real JWT, far below a header size limit. */
    static final int MAX_LENGTH = 16 * 1024;
    static final Set<String> ALGORITHMS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "EdDSA")));

    final String compact;
    final String alg;
    final String kid;
    final Claims claims;
    final byte[] payload;
    final byte[] signature;
    /** True when the header uses a member Meshguard refuses; the signature check then fails. */
    final boolean unsupportedHeader;

    private Jws(String compact, String alg, String kid, Claims claims, byte[] payload, byte[] signature,
                boolean unsupportedHeader) {
        this.compact = compact;
        this.alg = alg;
        this.kid = kid;
        this.claims = claims;
        this.payload = payload;
        this.signature = signature;
        this.unsupportedHeader = unsupportedHeader;
    }

    /** Parses a JWT: the JWS and, between its payload and its signature, the payload's claims. */
    static Jws parse(String token) throws JwtFailure {
        return parse(token, true);
    }

    /**
     * Parses the JWS layer alone, whatever its payload, which may be empty (the signature test vectors' payloads are
     * not claims).
     */
    static Jws parseJws(String token) throws JwtFailure {
        return parse(token, false);
    }

    private static Jws parse(String token, boolean jwt) throws JwtFailure {
        if (token.length() > MAX_LENGTH) {
            throw new JwtFailure(JwtStatus.BAD_FORMAT);
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        boolean emptyPayload = dot2 == dot1 + 1;
        if (dot1 <= 0 || dot2 < 0 || (jwt && emptyPayload) || dot2 == token.length() - 1
                || token.indexOf('.', dot2 + 1) >= 0) {
            throw new JwtFailure(JwtStatus.BAD_FORMAT);
        }
        byte[] headerBytes = Base64Url.decode(token, 0, dot1);
        if (headerBytes == null) {
            throw new JwtFailure(JwtStatus.HEADER_BAD_BASE64);
        }
        JsonNode header = json(headerBytes, JwtStatus.HEADER_BAD_JSON);
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new JwtFailure(JwtStatus.HEADER_BAD_ALG);
        }
        if (!ALGORITHMS.contains(alg.textValue())) {
            throw new JwtFailure(JwtStatus.HEADER_UNSUPPORTED_ALG);
        }
        JsonNode kid = header.get("kid");
        if (kid != null && !kid.isTextual()) {
            throw new JwtFailure(JwtStatus.HEADER_BAD_KID);
        }
        JsonNode cty = header.get("cty");
        boolean unsupported = header.has("crit") || header.has("b64") || header.has("zip") || header.has("enc")
                || (cty != null && "JWT".equalsIgnoreCase(cty.asText()));
        byte[] payload = Base64Url.decode(token, dot1 + 1, dot2);
        if (payload == null) {
            throw new JwtFailure(JwtStatus.PAYLOAD_BAD_BASE64);
        }
        Claims claims = jwt ? Claims.parse(payload) : null;
        byte[] signature = Base64Url.decode(token, dot2 + 1, token.length());
        if (signature == null) {
            throw new JwtFailure(JwtStatus.SIGNATURE_BAD_BASE64);
        }
        return new Jws(token, alg.textValue(), kid == null ? null : kid.textValue(), claims, payload, signature,
                unsupported);
    }

    /** Parses a JSON object, or fails with {@code status}. */
    static JsonNode json(byte[] bytes, JwtStatus status) throws JwtFailure {
        try {
            JsonNode node = JsonTrees.parse(bytes);
            if (node == null || !node.isObject()) {
                throw new JwtFailure(status);
            }
            return node;
        } catch (IOException e) {
            throw new JwtFailure(status);
        }
    }
}
