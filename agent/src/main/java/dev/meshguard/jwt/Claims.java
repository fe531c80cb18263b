package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.json.JsonTrees;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A token's claims, with the registered ones type-checked as Envoy checks them and in its order: {@code iss},
 * {@code sub} strings; {@code iat}, {@code nbf}, {@code exp} numbers from 0 to below 2^64 (a fraction is dropped);
 * {@code jti} a string; {@code aud} a string or a list of strings. {@code iss} and {@code sub} are null when absent.
 * Immutable.
 */
final class Claims {
    final JsonNode payload;
    final String issuer;
    final String subject;
    final List<String> audiences;
    final String presenter;
    /** Seconds since the epoch, or -1 when absent. */
    final long exp;
    final long nbf;

    private Claims(JsonNode payload, String issuer, String subject, List<String> audiences, String presenter, long exp,
                   long nbf) {
        this.payload = payload;
        this.issuer = issuer;
        this.subject = subject;
        this.audiences = audiences;
        this.presenter = presenter;
        this.exp = exp;
        this.nbf = nbf;
    }

    static Claims parse(byte[] payloadBytes) throws JwtFailure {
        JsonNode p = Jws.json(payloadBytes, JwtStatus.PAYLOAD_BAD_JSON);
        String iss = string(p, "iss", JwtStatus.ISS_NOT_STRING);
        String sub = string(p, "sub", JwtStatus.SUB_NOT_STRING);
        time(p, "iat", JwtStatus.IAT_NOT_INTEGER, JwtStatus.IAT_OUT_OF_RANGE);
        long nbf = time(p, "nbf", JwtStatus.NBF_NOT_INTEGER, JwtStatus.NBF_OUT_OF_RANGE);
        long exp = time(p, "exp", JwtStatus.EXP_NOT_INTEGER, JwtStatus.EXP_OUT_OF_RANGE);
        string(p, "jti", JwtStatus.JTI_NOT_STRING);
        List<String> aud = new ArrayList<>();
        JsonNode audNode = p.get("aud");
        if (audNode != null) {
            if (audNode.isTextual()) {
                aud.add(audNode.textValue());
            } else if (audNode.isArray()) {
                for (JsonNode a : audNode) {
                    if (!a.isTextual()) {
                        throw new JwtFailure(JwtStatus.AUD_NOT_STRING);
                    }
                    aud.add(a.textValue());
                }
            } else {
                throw new JwtFailure(JwtStatus.AUD_NOT_STRING);
            }
        }
        JsonNode azp = p.get("azp");
        return new Claims(p, iss, sub, Collections.unmodifiableList(aud),
                azp != null && azp.isTextual() ? azp.textValue() : null, exp, nbf);
    }

    /**
     * Fails when the token is not yet valid or expired at {@code nowSeconds}, allowing {@code skewSeconds}, checked
     * in Envoy's order. An {@code exp} of 0 is an expiry in 1970 (Envoy reads it as none: refusing it denies more).
     */
    void checkTime(long nowSeconds, long skewSeconds) throws JwtFailure {
        if (nbf >= 0 && nowSeconds + skewSeconds < nbf) {
            throw new JwtFailure(JwtStatus.NOT_YET_VALID);
        }
        if (exp >= 0 && nowSeconds > exp + skewSeconds) {
            throw new JwtFailure(JwtStatus.EXPIRED);
        }
    }

    /** True when {@code allowed} is empty or shares an audience with the token (scheme and trailing slash ignored). */
    boolean audienceAllowed(List<String> allowed) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String a : audiences) {
            String mine = sanitize(a);
            for (String b : allowed) {
                if (mine.equals(sanitize(b))) {
                    return true;
                }
            }
        }
        return false;
    }

    static String sanitize(String audience) {
        String s = audience;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            s = s.substring(7);
        } else if (lower.startsWith("https://")) {
            s = s.substring(8);
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap() {
        return (Map<String, Object>) JsonTrees.toJava(payload);
    }

    private static String string(JsonNode p, String name, JwtStatus status) throws JwtFailure {
        JsonNode n = p.get(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new JwtFailure(status);
        }
        return n.textValue();
    }

    /** 2^64: Envoy's time claims are unsigned 64-bit, read from a JSON number. */
    private static final java.math.BigDecimal TWO_TO_64 = new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(64));

    /**
     * A time claim as Envoy reads it: any JSON number ({@code NotInteger} otherwise), from 0 up to below 2^64
     * ({@code OutOfRange} otherwise), its fraction dropped; -1 when absent. Values past {@link Long#MAX_VALUE} are
     * held as that (far beyond any clock).
     */
    private static long time(JsonNode p, String name, JwtStatus notInteger, JwtStatus outOfRange) throws JwtFailure {
        JsonNode n = p.get(name);
        if (n == null) {
            return -1;
        }
        if (!n.isNumber()) {
            throw new JwtFailure(notInteger);
        }
        if (n.isFloatingPointNumber() && (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue()))) {
            throw new JwtFailure(outOfRange);
        }
        java.math.BigDecimal v = n.decimalValue();
        if (v.signum() < 0 || v.compareTo(TWO_TO_64) >= 0) {
            throw new JwtFailure(outOfRange);
        }
        java.math.BigInteger whole = v.toBigInteger();
        return whole.bitLength() < 64 ? whole.longValue() : Long.MAX_VALUE;
    }
}
