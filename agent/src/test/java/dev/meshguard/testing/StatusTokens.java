package dev.meshguard.testing;

import dev.meshguard.jwt.JwtStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * For every status Meshguard's JWT authentication can answer, a request that gets it: the {@code Authorization}
 * values to send, under {@link #policy}. Shared by the engine's table and the servers' one.
 */
public final class StatusTokens {
    public static final String ISS = "https://status.example";
    public static final String UNREACHABLE = "https://unreachable.example";

    /** One row: the status and the Authorization header values that produce it. */
    public record Case(JwtStatus status, List<String> authorization) { }

    private final TestKeys es;
    private final TestKeys ed;

    public StatusTokens() {
        es = TestKeys.generate("ES256", "es");
        ed = TestKeys.generate("EdDSA", "ed");
    }

    /** A RequestAuthentication: {@link #ISS} with both keys inline and audience {@code api}; one issuer whose keys never arrive. */
    public String policy() {
        return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: statuses, namespace: default}\n"
                + "spec:\n  jwtRules:\n  - issuer: " + ISS + "\n    audiences: [api]\n    jwks: '" + TestKeys.jwks(es, ed) + "'\n"
                + "  - issuer: " + UNREACHABLE + "\n    jwksUri: http://127.0.0.1:9/keys\n    timeout: 200ms\n";
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String raw(String header, String payload) {
        return b64(header) + "." + b64(payload) + ".c2ln";
    }

    private String claims(String extra) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + ISS + "\",\"sub\":\"s\",\"aud\":\"api\",\"iat\":" + now + ",\"exp\":" + (now + 600) + extra + "}";
    }

    /** A valid token for {@link #ISS}. */
    public String valid() {
        return es.sign(claims(""));
    }

    public List<Case> cases() {
        String es256 = "{\"alg\":\"ES256\",\"kid\":\"es\"}";
        long now = System.currentTimeMillis() / 1000;
        String valid = valid();
        List<Case> c = new ArrayList<>();
        c.add(new Case(JwtStatus.BAD_FORMAT, List.of("Bearer a.b")));
        c.add(new Case(JwtStatus.HEADER_BAD_BASE64, List.of("Bearer a*.b.c")));
        c.add(new Case(JwtStatus.HEADER_BAD_JSON, List.of("Bearer " + raw("not json", "{}"))));
        c.add(new Case(JwtStatus.HEADER_BAD_ALG, List.of("Bearer " + raw("{\"alg\":1}", "{}"))));
        c.add(new Case(JwtStatus.HEADER_UNSUPPORTED_ALG, List.of("Bearer " + raw("{\"alg\":\"none\"}", "{}"))));
        c.add(new Case(JwtStatus.HEADER_BAD_KID, List.of("Bearer " + raw("{\"alg\":\"ES256\",\"kid\":7}", "{}"))));
        c.add(new Case(JwtStatus.PAYLOAD_BAD_BASE64, List.of("Bearer " + b64(es256) + ".p*.c2ln")));
        c.add(new Case(JwtStatus.PAYLOAD_BAD_JSON, List.of("Bearer " + raw(es256, "[1]"))));
        c.add(new Case(JwtStatus.ISS_NOT_STRING, List.of("Bearer " + raw(es256, "{\"iss\":1}"))));
        c.add(new Case(JwtStatus.SUB_NOT_STRING, List.of("Bearer " + raw(es256, "{\"sub\":[]}"))));
        c.add(new Case(JwtStatus.IAT_NOT_INTEGER, List.of("Bearer " + raw(es256, "{\"iat\":\"1\"}"))));
        c.add(new Case(JwtStatus.IAT_OUT_OF_RANGE, List.of("Bearer " + raw(es256, "{\"iat\":-1}"))));
        c.add(new Case(JwtStatus.NBF_NOT_INTEGER, List.of("Bearer " + raw(es256, "{\"nbf\":true}"))));
        c.add(new Case(JwtStatus.NBF_OUT_OF_RANGE, List.of("Bearer " + raw(es256, "{\"nbf\":1e30}"))));
        c.add(new Case(JwtStatus.EXP_NOT_INTEGER, List.of("Bearer " + raw(es256, "{\"exp\":null}"))));
        c.add(new Case(JwtStatus.EXP_OUT_OF_RANGE, List.of("Bearer " + raw(es256, "{\"exp\":-5}"))));
        c.add(new Case(JwtStatus.JTI_NOT_STRING, List.of("Bearer " + raw(es256, "{\"jti\":{}}"))));
        c.add(new Case(JwtStatus.AUD_NOT_STRING, List.of("Bearer " + raw(es256, "{\"aud\":[\"a\",2]}"))));
        c.add(new Case(JwtStatus.SIGNATURE_BAD_BASE64, List.of("Bearer " + b64(es256) + "." + b64(claims("")) + ".s*g")));
        c.add(new Case(JwtStatus.UNKNOWN_ISSUER, List.of("Bearer " + es.sign(claims("").replace(ISS, "https://other.example")))));
        c.add(new Case(JwtStatus.EXPIRED, List.of("Bearer " + es.sign(claims("").replaceFirst("\"exp\":\\d+", "\"exp\":" + (now - 3600))))));
        c.add(new Case(JwtStatus.NOT_YET_VALID, List.of("Bearer " + es.sign(claims(",\"nbf\":" + (now + 3600))))));
        c.add(new Case(JwtStatus.AUDIENCE_NOT_ALLOWED, List.of("Bearer " + es.sign(claims("").replace("\"aud\":\"api\"", "\"aud\":\"web\"")))));
        c.add(new Case(JwtStatus.KID_ALG_MISMATCH, List.of("Bearer " + es.sign(claims(""), "ES256", "other-kid"))));
        String sig = valid.substring(valid.lastIndexOf('.') + 1);
        c.add(new Case(JwtStatus.VERIFICATION_FAILS, List.of("Bearer " + valid.substring(0, valid.lastIndexOf('.') + 1)
                + (sig.charAt(5) == 'A' ? sig.substring(0, 5) + "B" : sig.substring(0, 5) + "A") + sig.substring(6))));
        String edToken = ed.sign(claims(""));
        c.add(new Case(JwtStatus.ED25519_SIGNATURE_WRONG_LENGTH, List.of("Bearer " + edToken.substring(0, edToken.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]))));
        c.add(new Case(JwtStatus.FETCH_FAILED, List.of("Bearer " + es.sign(claims("").replace(ISS, UNREACHABLE)))));
        c.add(new Case(JwtStatus.MULTIPLE_TOKENS, List.of("Bearer " + valid, "Bearer " + es.sign(claims(",\"jti\":\"2\"")))));
        return c;
    }
}
