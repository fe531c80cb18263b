package dev.meshguard.jwt;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Envoy's own malformed-token cases ({@code JwtParseTest} in {@code test/common/jwt/jwt_test.cc}) through
 * Meshguard's parser: each fails with Envoy's first status. Then the shapes Envoy accepts and Meshguard, stricter on
 * spelling, refuses, each with the status it gets here.
 */
class EnvoyJwtCasesTest {
    /** Envoy's status names, as its table spells them, to ours. */
    static final Map<String, JwtStatus> ENVOY = Map.ofEntries(
            Map.entry("Ok", JwtStatus.OK),
            Map.entry("JwtBadFormat", JwtStatus.BAD_FORMAT),
            Map.entry("JwtHeaderParseErrorBadBase64", JwtStatus.HEADER_BAD_BASE64),
            Map.entry("JwtHeaderParseErrorBadJson", JwtStatus.HEADER_BAD_JSON),
            Map.entry("JwtHeaderBadAlg", JwtStatus.HEADER_BAD_ALG),
            Map.entry("JwtHeaderNotImplementedAlg", JwtStatus.HEADER_UNSUPPORTED_ALG),
            Map.entry("JwtHeaderBadKid", JwtStatus.HEADER_BAD_KID),
            Map.entry("JwtPayloadParseErrorBadBase64", JwtStatus.PAYLOAD_BAD_BASE64),
            Map.entry("JwtPayloadParseErrorBadJson", JwtStatus.PAYLOAD_BAD_JSON),
            Map.entry("JwtPayloadParseErrorIssNotString", JwtStatus.ISS_NOT_STRING),
            Map.entry("JwtPayloadParseErrorSubNotString", JwtStatus.SUB_NOT_STRING),
            Map.entry("JwtPayloadParseErrorIatNotInteger", JwtStatus.IAT_NOT_INTEGER),
            Map.entry("JwtPayloadParseErrorIatOutOfRange", JwtStatus.IAT_OUT_OF_RANGE),
            Map.entry("JwtPayloadParseErrorNbfNotInteger", JwtStatus.NBF_NOT_INTEGER),
            Map.entry("JwtPayloadParseErrorNbfOutOfRange", JwtStatus.NBF_OUT_OF_RANGE),
            Map.entry("JwtPayloadParseErrorExpNotInteger", JwtStatus.EXP_NOT_INTEGER),
            Map.entry("JwtPayloadParseErrorExpOutOfRange", JwtStatus.EXP_OUT_OF_RANGE),
            Map.entry("JwtPayloadParseErrorJtiNotString", JwtStatus.JTI_NOT_STRING),
            Map.entry("JwtPayloadParseErrorAudNotString", JwtStatus.AUD_NOT_STRING),
            Map.entry("JwtSignatureParseErrorBadBase64", JwtStatus.SIGNATURE_BAD_BASE64));

    static JwtStatus parse(String token) {
        try {
            Jws.parse(token);
            return JwtStatus.OK;
        } catch (JwtFailure f) {
            return f.status();
        }
    }

    @TestFactory
    List<DynamicTest> envoysParseCases() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/vectors/envoy/jwt_parse_cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                tests.add(DynamicTest.dynamicTest(f[0], () -> assertEquals(ENVOY.get(f[1]), parse(f[2]), f[2])));
            }
        }
        tests.add(DynamicTest.dynamicTest("TestTooLargeJwt", () -> assertEquals(JwtStatus.BAD_FORMAT, parse("c".repeat(10240)))));
        assertEquals(29, tests.size(), "every case of Envoy's table");
        return tests;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // Envoy splits skipping empty sections: a missing section is a format error, whatever it held.
            "{\"alg\":\"none\"}|{\"iss\":\"i\"}||BAD_FORMAT",
            "{\"alg\":\"RS256\"}|{\"iss\":\"i\"}||BAD_FORMAT",
            // Checks run in Envoy's order: the header first, then the payload's claims, then the signature.
            "{\"alg\":\"none\"}|{\"exp\":\"soon\"}|c2ln|HEADER_UNSUPPORTED_ALG",
            "{\"alg\":\"RS256\",\"kid\":1}|not json|c2ln|HEADER_BAD_KID",
            "{\"alg\":\"RS256\"}|{\"iss\":1,\"sub\":1}|!!!|ISS_NOT_STRING",
            "{\"alg\":\"RS256\"}|{\"sub\":1,\"iat\":\"x\"}|c2ln|SUB_NOT_STRING",
            "{\"alg\":\"RS256\"}|{\"exp\":\"x\",\"iat\":\"x\"}|c2ln|IAT_NOT_INTEGER",
            "{\"alg\":\"RS256\"}|{\"exp\":\"x\",\"nbf\":\"x\"}|c2ln|NBF_NOT_INTEGER",
            "{\"alg\":\"RS256\"}|{\"jti\":1,\"exp\":-1}|c2ln|EXP_OUT_OF_RANGE",
            "{\"alg\":\"RS256\"}|{\"aud\":1,\"jti\":1}|c2ln|JTI_NOT_STRING",
            "{\"alg\":\"RS256\"}|{\"aud\":[1]}|!!!|AUD_NOT_STRING",
            "{\"alg\":\"RS256\"}|{\"exp\":1.5e3,\"iat\":0}|c2ln|OK",
            "{\"alg\":\"RS256\",\"crit\":[\"x\"]}|{}|c2ln|OK",
    })
    void checksRunInEnvoysOrder(String header, String payload, String signature, String expected) {
        String token = b64(header) + "." + b64(payload) + "." + (signature == null ? "" : signature);
        assertEquals(JwtStatus.valueOf(expected), parse(token));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "an empty first section|.A.B.C|BAD_FORMAT",
            "an empty section inside|A..B.C|BAD_FORMAT",
            "a trailing dot|A.B.C.|BAD_FORMAT",
            "padding|eyJhbGciOiJSUzI1NiJ9.e30=.c2ln|PAYLOAD_BAD_BASE64",
            "whitespace inside base64url|eyJhbGciOiJSUzI1NiJ9.e3 0.c2ln|PAYLOAD_BAD_BASE64",
            "non-zero trailing bits|eyJhbGciOiJSUzI1NiJ9.e30.c2m|SIGNATURE_BAD_BASE64",
            "a duplicate JSON member|eyJhbGciOiJSUzI1NiIsImFsZyI6IlJTMjU2In0.e30.c2ln|HEADER_BAD_JSON",
    })
    void shapesEnvoyAcceptsAreRefusedHereWithTheStatusOfThePartThatFails(String shape, String token, String expected) {
        assertEquals(JwtStatus.valueOf(expected), parse(token), shape);
    }

    @Test
    void envoysGoodTokensParse() {
        assertNotNull(ENVOY.get("Ok"));
        assertEquals(JwtStatus.OK, parse(b64("{\"alg\":\"ES256\"}") + "." + b64("{\"iat\":1234.5678}") + ".c2ln"));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
