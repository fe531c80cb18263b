package dev.meshguard.it;

import dev.meshguard.it.GrpcLines.Client;
import dev.meshguard.it.GrpcLines.Line;
import dev.meshguard.it.GrpcLines.Result;
import dev.meshguard.jwt.JwtStatus;
import dev.meshguard.testing.StatusTokens;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * grpc-java servers (1.85 on shaded and plain Netty, 1.60 on shaded Netty, grpc-servlet on Tomcat, Jetty 12 and
 * Undertow 2.3) under a
 * RequestAuthentication and deny-by-default AuthorizationPolicies, called by a real grpc-java client: every refusal is
 * Envoy's trailers-only answer (status code, decoded {@code grpc-message}, {@code www-authenticate} kept, no headers,
 * no message), the application's interceptor and handler never see a refused call, and an unknown method the policy
 * denies gets the policy's answer, not {@code UNIMPLEMENTED}.
 */
class GrpcIT {
    static final String ECHO = "meshguard.test.Echo/";

    @TempDir
    Path policies;

    /** RequestAuthentication (audience api, sub to x-jwt-sub), deny by default, Hello open, Secret with a token, health and reflection open. */
    static String policy(StatusTokens tokens) {
        return tokens.policy().replace("    audiences: [api]\n", "    audiences: [api]\n"
                + "    outputClaimToHeaders: [{header: x-jwt-sub, claim: sub}]\n")
                + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-nothing, namespace: default}\n"
                + "spec: {}\n"
                + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: echo, namespace: default}\n"
                + "spec:\n  rules:\n  - to: [{operation: {paths: [/meshguard.test.Echo/Hello]}}]\n"
                + "  - from: [{source: {requestPrincipals: ['*']}}]\n"
                + "    to: [{operation: {methods: [POST], paths: [/meshguard.test.Echo/Secret]}}]\n"
                + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: grpc-standard-services, namespace: default}\n"
                + "spec:\n  rules:\n  - to: [{operation: {paths: ['/grpc.health.v1.Health/*', '/grpc.reflection.v1.ServerReflection/*',"
                + " '/grpc.reflection.v1alpha.ServerReflection/*']}}]\n"
                + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: block-tenant, namespace: default}\n"
                + "spec:\n  action: DENY\n  rules:\n  - when: [{key: 'request.headers[x-tenant-bin]', values: [AAE]}]\n";
    }

    static String token(StatusTokens tokens, JwtStatus status) {
        return tokens.cases().stream().filter(c -> c.status() == status).findFirst().orElseThrow().authorization().get(0);
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.GrpcLines$Line#selected")
    void everyRefusalIsEnvoysTrailersOnlyAnswer(Line line) throws Exception {
        StatusTokens tokens = new StatusTokens();
        Files.writeString(policies.resolve("policies.yaml"), policy(tokens));
        try (ServerProcess server = GrpcLines.start(line, true, Map.of("MESHGUARD_POLICY_PATH", policies.toString()));
             Client client = new Client("127.0.0.1:" + server.port)) {
            Result hello = client.call(ECHO + "Hello");
            assertEquals(0, hello.code(), () -> hello + "\n" + server.output());
            assertTrue(hello.body().contains("hits: 1\n"), hello.body());

            Result secret = client.call(ECHO + "Secret", "authorization=Bearer " + tokens.valid());
            assertEquals(0, secret.code(), secret::toString);
            assertTrue(secret.body().contains("x-jwt-sub: s\n"), "the claim header reached the metadata: " + secret.body());
            assertFalse(secret.body().contains("authorization:"), "the token was removed: " + secret.body());

            Result noToken = client.call(ECHO + "Secret");
            refused(line, noToken, 7, "RBAC: access denied");
            assertNull(noToken.trailer("www-authenticate"), noToken::toString);

            String realm = "Bearer realm=\"http://127.0.0.1:" + server.port + "/meshguard.test.Echo/Secret\", error=\"invalid_token\"";
            Result expired = client.call(ECHO + "Secret", "authorization=" + token(tokens, JwtStatus.EXPIRED));
            refused(line, expired, 16, "Jwt is expired");
            assertEquals(realm, expired.trailer("www-authenticate"), expired::toString);

            Result audience = client.call(ECHO + "Secret", "authorization=" + token(tokens, JwtStatus.AUDIENCE_NOT_ALLOWED));
            refused(line, audience, 7, "Audiences in Jwt are not allowed");
            assertEquals(realm, audience.trailer("www-authenticate"), audience::toString);

            Result signature = client.call(ECHO + "Secret", "authorization=" + token(tokens, JwtStatus.VERIFICATION_FAILS));
            refused(line, signature, 16, "Jwt verification fails");
            assertEquals(realm, signature.trailer("www-authenticate"), signature::toString);

            Result unknown = client.call(ECHO + "Missing", "authorization=Bearer " + tokens.valid());
            refused(line, unknown, 7, "RBAC: access denied");

            Result tenant = client.call(ECHO + "Hello", "x-tenant-bin=AAE=");
            refused(line, tenant, 7, "RBAC: access denied");

            if (!line.servlet()) {
                Result dotted = client.call("meshguard.test.Echo/../meshguard.test.Echo/Hello");
                refused(line, dotted, 13, "meshguard: ambiguous path");
            }

            Result health = client.health();
            assertEquals(0, health.code(), health::toString);
            assertEquals("SERVING", health.body());
            Result notAHealthMethod = client.call("grpc.health.v1.Health/Nope");
            // Allowed by the policy, so grpc-java's own UNIMPLEMENTED; grpc-servlet's trailers-only answers reach the
            // client from Tomcat (not from Jetty or Undertow) as headers and an empty DATA frame that ends the stream,
            // which it fails as INTERNAL.
            assertEquals(line == Line.GRPC_SERVLET_TOMCAT ? 13 : 12, notAHealthMethod.code(), notAHealthMethod::toString);
            Result alpha = client.reflect("v1alpha");
            assertEquals(0, alpha.code(), alpha::toString);
            assertTrue(alpha.body().contains("grpc.health.v1.Health"), alpha.body());
            Result v1 = client.reflect("v1");
            assertEquals(line.reflectionV1() ? 0 : 12, v1.code(), v1::toString);

            Result last = client.call(ECHO + "Hello");
            assertTrue(last.body().contains("hits: 3\n"), "only the three allowed calls ran a handler: " + last.body());
            String log = server.output();
            assertEquals(2, count(log, "INTERCEPTED meshguard.test.Echo/Hello"), log);
            assertEquals(1, count(log, "INTERCEPTED meshguard.test.Echo/Secret"), log);
            assertEquals(0, count(log, "meshguard.test.Echo/Missing\n"), log);
        }
    }

    /**
     * A refusal as Envoy sends it: trailers only (grpc-java's transports, Jetty 12, Undertow). On grpc-servlet in
     * Tomcat, which cannot end an HTTP/2 stream with the first HEADERS frame of a 200, headers ({@code :status},
     * {@code content-type}) then trailers with all the rest.
     */
    static void refused(Line line, Result r, int code, String description) {
        assertEquals(code, r.code(), r::toString);
        assertEquals(description, r.description(), r::toString);
        assertEquals(line.headersBeforeRefusal(), r.headers(), "a trailers-only answer: " + r);
        assertEquals(0, r.messages(), r::toString);
    }

    static long count(String log, String what) {
        return log.lines().filter(l -> (l + "\n").contains(what)).count();
    }
}
