package dev.meshguard.it;

import dev.meshguard.testing.ExtAuthzServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CUSTOM policy on every server line, asking a real external authorizer process: its 200 lets the request through
 * (without the headers it asks to remove), its denials reach the client with their status, body and headers, an
 * error is 403, and a denied request never reaches the application.
 */
class ExtAuthzIT {
    private static ExtAuthzServer.Running authorizer;

    @TempDir
    Path policies;

    @BeforeAll
    static void startAuthorizer() throws Exception {
        authorizer = ExtAuthzServer.start(false);
    }

    @AfterAll
    static void stopAuthorizer() throws Exception {
        authorizer.close();
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.Apps$Line#servers")
    void customPoliciesAskTheAuthorizer(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: ext, namespace: default}\nspec:\n  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/allow*', '/deny*', '/error']}}]}]\n");
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null, Map.of(
                "MESHGUARD_POLICY_PATH", policies.toString(), "MESHGUARD_EXTAUTHZ_URL", authorizer.base() + "/check",
                "MESHGUARD_EXTAUTHZ_TIMEOUT", "2s"))) {
            HttpResponse<String> allowed = Http.get(server.url("/allow-and-remove"), "x-secret", "s3cret", "x-kept", "k");
            assertEquals(200, allowed.statusCode(), server::output);
            assertFalse(allowed.body().contains("s3cret"), "the authorizer asked to remove x-secret");
            assertTrue(allowed.body().contains("x-kept: k"), allowed.body());

            HttpResponse<String> chunked = Http.get(server.url("/deny-chunked"));
            assertEquals(403, chunked.statusCode());
            assertEquals("forbidden by policy", chunked.body());
            assertEquals("chunked", chunked.headers().firstValue("x-reason").orElse(""));
            assertEquals(-1, Http.hits(chunked), "the application never ran");

            HttpResponse<String> length = Http.get(server.url("/deny-length"));
            assertEquals(401, length.statusCode());
            assertEquals("who are you", length.body());
            assertEquals("Basic realm=\"authz\"", length.headers().firstValue("www-authenticate").orElse(""));

            HttpResponse<String> error = Http.get(server.url("/error"));
            assertEquals(403, error.statusCode());
            assertEquals("", error.body());

            assertEquals(200, Http.get(server.url("/public")).statusCode(), "no CUSTOM rule: the authorizer is not asked");
            assertTrue(server.printed("deny GET /deny-chunked 403 ext_authz_denied"), server::output);
            assertTrue(server.printed("deny GET /error 403 ext_authz_error"), server::output);
        }
    }
}
