package dev.meshguard.it;

import dev.meshguard.it.GrpcLines.Client;
import dev.meshguard.it.GrpcLines.Line;
import dev.meshguard.it.GrpcLines.Result;
import dev.meshguard.testing.ExtAuthzServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gRPC calls decided on what only the transport knows or what takes time: the client certificate's SPIFFE ID and the
 * TLS server name (mutual TLS on grpc-java's Netty transports), an external authorizer that answers slowly (its call
 * is held, every other call on the same connection goes on), a hook that fails ({@code UNAVAILABLE}), and grpc-web on
 * a servlet line (the plain HTTP answer, as Envoy gives a request that is not gRPC).
 */
class GrpcPeersIT {
    @TempDir
    Path dir;

    /** The certificates of the mutual TLS test, made once for every line: each keytool run is a JVM start. */
    @TempDir
    static Path keys;
    private static boolean keysMade;

    private static synchronized Path certificates() throws Exception {
        if (!keysMade) {
            keyPair("server", "ip:127.0.0.1,dns:grpc.test.local");
            keyPair("sleep", "uri:spiffe://cluster.local/ns/default/sa/sleep");
            keyPair("other", "uri:spiffe://cluster.local/ns/prod/sa/other");
            trust("server-trust.p12", "sleep", "other");
            trust("client-trust.p12", "server");
            keysMade = true;
        }
        return keys;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(ServerProcess.JDK17, "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private static void keyPair(String name, String san) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-validity", "2", "-keystore", keys.resolve(name + ".p12").toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keys.resolve(name + ".p12").toString(),
                "-storepass", "changeit", "-file", keys.resolve(name + ".pem").toString());
    }

    private static void trust(String store, String... certs) throws Exception {
        for (String c : certs) {
            keytool("-importcert", "-noprompt", "-alias", c, "-file", keys.resolve(c + ".pem").toString(),
                    "-keystore", keys.resolve(store).toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        }
    }

    private Path policy(String yaml) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("p.yaml"), yaml);
        return policies;
    }

    @ParameterizedTest(allowZeroInvocations = true) // -Dmeshguard.lines may name only servlet lines
    @MethodSource("dev.meshguard.it.GrpcLines$Line#netty")
    void theClientCertificatesSpiffeIdIsTheSourcePrincipal(Line line) throws Exception {
        Path certs = certificates();
        Path policies = policy("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: only-sleep, namespace: default}\nspec:\n  rules:\n"
                + "  - from: [{source: {principals: [cluster.local/ns/default/sa/sleep]}}]\n"
                + "    to: [{operation: {paths: ['/meshguard.test.Echo/*']}}]\n"
                + "  - from: [{source: {namespaces: [prod]}}]\n    to: [{operation: {paths: [/meshguard.test.Echo/Hello]}}]\n"
                + "  - to: [{operation: {paths: [/allow.Fast/Call]}}]\n    when: [{key: connection.sni, values: [grpc.test.local]}]\n");
        String target = "127.0.0.1:";
        try (ServerProcess server = GrpcLines.start(line, true, Map.of("MESHGUARD_POLICY_PATH", policies.toString()), "mtls",
                certs.resolve("server.p12").toString(), certs.resolve("server-trust.p12").toString());
             Client sleep = new Client(target + server.port, "tls", certs.resolve("sleep.p12").toString(),
                     certs.resolve("client-trust.p12").toString());
             Client other = new Client(target + server.port, "tls", certs.resolve("other.p12").toString(),
                     certs.resolve("client-trust.p12").toString());
             Client otherByName = new Client(target + server.port, "tls", certs.resolve("other.p12").toString(),
                     certs.resolve("client-trust.p12").toString(), "grpc.test.local")) {
            Result secret = sleep.call("meshguard.test.Echo/Secret");
            assertEquals(0, secret.code(), () -> secret + "\n" + server.output());
            Result refused = other.call("meshguard.test.Echo/Secret");
            assertEquals(7, refused.code(), refused::toString);
            assertEquals("RBAC: access denied", refused.description());
            assertEquals(0, other.call("meshguard.test.Echo/Hello").code(), "namespaces come from the same SPIFFE ID");
            Result byName = otherByName.call("allow.Fast/Call");
            assertEquals(0, byName.code(), () -> "the client sent SNI grpc.test.local: " + byName + "\n" + server.output());
            assertEquals(7, other.call("allow.Fast/Call").code(), "no SNI is sent for an IP address");
            // (grpc-java's TLS clients, like the JDK's, send no SNI for a name without a dot, such as localhost)
            assertTrue(secret.body().contains("hits: 1\n"), secret.body());
        }
    }

    @ParameterizedTest(allowZeroInvocations = true) // -Dmeshguard.lines may name only servlet lines
    @MethodSource("dev.meshguard.it.GrpcLines$Line#netty")
    void aSlowAuthorizerHoldsOnlyItsOwnCall(Line line) throws Exception {
        Path policies = policy("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: ext, namespace: default}\nspec:\n  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/wait2s.Slow/*', '/allow.Fast/*', '/deny-length.Refused/*']}}]}]\n");
        try (ExtAuthzServer.Running authorizer = ExtAuthzServer.start(false);
             ServerProcess server = GrpcLines.start(line, true, Map.of("MESHGUARD_POLICY_PATH", policies.toString(),
                     "MESHGUARD_EXTAUTHZ_URL", authorizer.base() + "/check", "MESHGUARD_EXTAUTHZ_TIMEOUT", "5s"));
             Client client = new Client("127.0.0.1:" + server.port)) {
            assertEquals(0, client.call("allow.Fast/Call").code(), server::output);
            String slow = client.start("wait2s.Slow/Call");
            Thread.sleep(300);
            for (int i = 0; i < 10; i++) {
                Result fast = client.call(i % 2 == 0 ? "allow.Fast/Call" : "meshguard.test.Echo/Hello");
                assertEquals(0, fast.code(), fast::toString);
                assertTrue(fast.millis() < 1000, "not held behind the slow call: " + fast.millis() + " ms");
            }
            Result refused = client.call("deny-length.Refused/Call");
            assertEquals(16, refused.code(), refused::toString);
            assertEquals("who are you", refused.description());
            assertEquals("Basic realm=\"authz\"", refused.trailer("www-authenticate"), refused::toString);
            assertEquals("length", refused.trailer("x-reason"), refused::toString);
            Result held = client.await(slow);
            assertEquals(0, held.code(), held::toString);
            assertTrue(held.millis() >= 1700, "the authorizer took 2 s: " + held.millis() + " ms");
            assertTrue(held.body().contains("method: wait2s.Slow/Call"), held.body());
            assertTrue(held.body().contains("hits: 12\n"), "every allowed call ran once: " + held.body());
            assertEquals(0, GrpcIT.count(server.output(), "HIT deny-length.Refused/Call"), server::output);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.GrpcLines$Line#selected")
    void aFailingHookAnswersUnavailableAndNoHandlerRuns(Line line) throws Exception {
        Path policies = policy("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: allow-all, namespace: default}\nspec:\n  rules: [{}]\n");
        try (ServerProcess server = GrpcLines.start(line, true, Map.of("MESHGUARD_POLICY_PATH", policies.toString(),
                "JAVA_TOOL_OPTIONS", "-Dmeshguard.test.failHooks=true"))) {
            // One connection per call: Tomcat resets a stream answered before its body was read, and counts each reset
            // against its HTTP/2 overhead limit, so only refused calls on one connection end in its GOAWAY
            // ENHANCE_YOUR_CALM after two or three (docs/servers.md, gRPC).
            for (int i = 0; i < 3; i++) {
                try (Client client = new Client("127.0.0.1:" + server.port)) {
                    Result r = client.call("meshguard.test.Echo/Hello");
                    assertEquals(14, r.code(), () -> r + "\n" + server.output());
                }
            }
            String log = server.output();
            assertEquals(0, GrpcIT.count(log, "HIT "), log);
            assertEquals(0, GrpcIT.count(log, "INTERCEPTED "), log);
            assertEquals(1, GrpcIT.count(log, "hook failed; the request is answered 503"), log);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.GrpcLines$Line#selected")
    void grpcWebGetsThePlainHttpAnswer(Line line) throws Exception {
        if (!line.servlet()) {
            return; // grpc-java's Netty transport answers 415 to grpc-web before any hook
        }
        Path policies = policy(GrpcIT.policy(new dev.meshguard.testing.StatusTokens()));
        try (ServerProcess server = GrpcLines.start(line, true, Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> web = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                    + "/meshguard.test.Echo/Secret")).header("content-type", "application/grpc-web+proto")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, web.statusCode(), server::output);
            assertEquals("RBAC: access denied", web.body());
            assertTrue(web.headers().firstValue("content-type").orElse("").startsWith("text/plain"), web.headers()::toString);
            assertTrue(web.headers().firstValue("grpc-status").isEmpty(), web.headers()::toString);
            HttpResponse<String> expired = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                    + "/meshguard.test.Echo/Secret")).header("content-type", "application/grpc-web-text")
                    .header("authorization", "Bearer a.b").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, expired.statusCode());
            assertEquals("Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections", expired.body());
            assertTrue(expired.headers().firstValue("www-authenticate").isPresent(), expired.headers()::toString);
            assertEquals(0, GrpcIT.count(server.output(), "HIT "), server::output);
        }
    }
}
