package dev.meshguard.it;

import dev.meshguard.testing.ExtAuthzServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the event-loop servers a request waiting for the external authorizer holds no thread: the apps run one
 * event-loop thread, the authorizer answers after 2 s, and other requests are answered meanwhile, in their own order
 * on a pipelined connection.
 */
class EventLoopIT {
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

    private ServerProcess start(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: ext, namespace: default}\nspec:\n  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/wait2s*']}}]}]\n---\napiVersion: security.istio.io/v1\n"
                + "kind: AuthorizationPolicy\nmetadata: {name: deny, namespace: default}\nspec:\n  action: DENY\n"
                + "  rules: [{to: [{operation: {paths: ['/denied*']}}]}]\n");
        return ServerProcess.start(ServerProcess.JDK17, line, false, null, Map.of("MESHGUARD_POLICY_PATH",
                policies.toString(), "MESHGUARD_EXTAUTHZ_URL", authorizer.base() + "/check", "MESHGUARD_EXTAUTHZ_TIMEOUT", "5s"));
    }

    static List<Apps.Line> lines() {
        return Apps.Line.named("NETTY41", "NETTY42", "WEBFLUX40", "VERTX45", "VERTX50_WEB", "QUARKUS", "MICRONAUT");
    }

    /** One server per line: other requests go on while one waits, then a pipelined connection keeps its order. */
    @ParameterizedTest
    @MethodSource("lines")
    void aRequestWaitingForTheAuthorizerBlocksNothing(Apps.Line line) throws Exception {
        try (ServerProcess server = start(line)) {
            otherRequestsAreAnsweredWhileOneWaitsForTheAuthorizer(server);
            pipelinedResponsesKeepTheirOrderAroundAWait(line, server);
        }
    }

    private static void otherRequestsAreAnsweredWhileOneWaitsForTheAuthorizer(ServerProcess server) throws Exception {
        assertEquals(200, Http.get(server.url("/productpage")).statusCode(), server::output);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long slowStart = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(
                URI.create(server.url("/wait2s"))).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            assertEquals(200, Http.get(server.url("/productpage")).statusCode());
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        assertFalse(slow.isDone(), "the checked request still waits for the authorizer");
        Collections.sort(millis);
        assertTrue(millis.get(2) < 200, "answered while another request waits: " + millis + " ms");
        HttpResponse<String> waited = slow.get();
        assertEquals(200, waited.statusCode(), server::output);
        assertTrue((System.nanoTime() - slowStart) / 1_000_000 >= 1900, "it did wait for the authorizer");
    }

    private static void pipelinedResponsesKeepTheirOrderAroundAWait(Apps.Line line, ServerProcess server) throws Exception {
        String host = "Host: 127.0.0.1:" + server.port + "\r\n";
        // Reactor Netty (WebFlux) marks a connection as closing as soon as it reads a pipelined request asking for
        // it, and closes it after the next response it writes, dropping the requests queued meanwhile: without
        // Meshguard too, behind any handler slower than the pipeline. There the last request leaves the connection
        // open, and the answers are read until the server falls silent.
        String last = line.webFlux() ? "\r\n" : "Connection: close\r\n\r\n";
        byte[] pipelined = ("GET /wait2s HTTP/1.1\r\n" + host + "\r\n"
                + "GET /denied HTTP/1.1\r\n" + host + "\r\n"
                + "GET /productpage HTTP/1.1\r\n" + host + last).getBytes(StandardCharsets.US_ASCII);
        List<RawHttp.Response> answers = RawHttp.exchange(server.port, pipelined, line.webFlux() ? 4_000 : 10_000);
        assertEquals(3, answers.size(), server::output);
        assertEquals(List.of(200, 403, 200), List.of(answers.get(0).status(), answers.get(1).status(),
                answers.get(2).status()), "the denial waits for the answer before it");
        assertEquals("/wait2s", answers.get(0).headers().get("x-routed-path"));
        assertEquals("RBAC: access denied", answers.get(1).body());
        assertEquals("/productpage", answers.get(2).headers().get("x-routed-path"), "answered in request order");
    }
}
