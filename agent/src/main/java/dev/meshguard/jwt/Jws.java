package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.json.JsonTrees;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A compact JWS split and decoded strictly, before any key is involved: exactly three canonical base64url
 * segments, a JSON object header with a supported {@code alg}, and none of the header features a bearer token must
 * not use ({@code crit}, {@code b64}, {@code zip}, a nested {@code cty: JWT}). Header members such as {@code jwk},
 * {@code jku}, {@code x5u} and {@code x5c} are never used to find a key.
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
    final byte[] payload;
    final byte[] signature;

    private Jws(String compact, String alg, String kid, byte[] payload, byte[] signature) {
        this.compact = compact;
        this.alg = alg;
        this.kid = kid;
        this.payload = payload;
        this.signature = signature;
    }

    static Jws parse(String token) throws JwtFailure {
        if (token.length() > MAX_LENGTH) {
            throw new JwtFailure(JwtStatus.BAD_FORMAT);
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new JwtFailure(JwtStatus.BAD_FORMAT);
        }
        byte[] headerBytes = Base64Url.decode(token, 0, dot1);
        if (headerBytes == null || headerBytes.length == 0) {
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
        if (header.has("crit") || header.has("b64") || header.has("zip") || header.has("enc")
                || (cty != null && "JWT".equalsIgnoreCase(cty.asText()))) {
            throw new JwtFailure(JwtStatus.VERIFICATION_FAILS);
        }
        byte[] payload = Base64Url.decode(token, dot1 + 1, dot2);
        if (payload == null) {
            throw new JwtFailure(JwtStatus.PAYLOAD_BAD_BASE64);
        }
        byte[] signature = Base64Url.decode(token, dot2 + 1, token.length());
        if (signature == null || signature.length == 0) {
            throw new JwtFailure(JwtStatus.SIGNATURE_BAD_BASE64);
        }
        return new Jws(token, alg.textValue(), kid == null ? null : kid.textValue(), payload, signature);
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
