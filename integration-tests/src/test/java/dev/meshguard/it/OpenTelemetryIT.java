package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beside the real OpenTelemetry Java agent, listed before or after Meshguard: Meshguard still decides every request,
 * and OpenTelemetry still records every request as a server span with the status the client got, denials included.
 */
class OpenTelemetryIT {
    static final Path OTEL_AGENT = Apps.SERVERS.resolve("otel").resolve("opentelemetry-javaagent.jar");

    @TempDir
    Path policies;

    /**
     * The servlet lines in both orders of the two agents; each event-loop line once, the orders alternating between
     * the lines of one hook, so that every hook is tested in both orders.
     */
    static Stream<Arguments> linesAndOrders() {
        List<Arguments> out = new ArrayList<>();
        for (Apps.Line line : Apps.Line.named("TOMCAT10", "JETTY9", "JETTY11", "JETTY121", "JETTY12_EE10", "UNDERTOW23",
                "UNDERTOW22_SERVLET")) {
            out.add(Arguments.of(line, true));
            out.add(Arguments.of(line, false));
        }
        boolean otelFirst = true;
        for (Apps.Line line : Apps.Line.named("NETTY41", "NETTY42", "WEBFLUX35", "WEBFLUX40", "VERTX45", "VERTX45_WEB",
                "VERTX50", "VERTX50_WEB", "QUARKUS", "MICRONAUT")) {
            out.add(Arguments.of(line, otelFirst));
            otelFirst = !otelFirst;
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, OpenTelemetry first: {1}")
    @MethodSource("linesAndOrders")
    void bothAgentsSeeEveryRequest(Apps.Line line, boolean otelFirst) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed());
        String otel = "-javaagent:" + OTEL_AGENT.toAbsolutePath();
        String meshguard = "-javaagent:" + Apps.AGENT_JAR.toAbsolutePath();
        List<String> args = new ArrayList<>(otelFirst ? List.of(otel, meshguard) : List.of(meshguard, otel));
        args.addAll(List.of("-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.bsp.schedule.delay=100", "-Dotel.javaagent.logging=simple"));
        try (ServerProcess server = ServerProcess.startWith(ServerProcess.JDK17, line, args,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            assertEquals(200, get(server.url("/productpage")).statusCode(), server::output);
            HttpResponse<String> denied = get(server.url("/api/v1/products/0"));
            assertEquals(403, denied.statusCode());
            assertEquals("RBAC: access denied", denied.body());
            HttpResponse<String> unauthenticated = get(server.url("/productpage"), "Authorization",
                    "Bearer " + Policies.tampered(Policies.demoToken()));
            assertEquals(401, unauthenticated.statusCode());

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(hasSpan(server.output(), "/productpage", 200) && hasSpan(server.output(), "/api/v1/products/0", 403)
                    && hasSpan(server.output(), "/productpage", 401)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String out = server.output();
            assertTrue(hasSpan(out, "/productpage", 200), out);
            assertTrue(hasSpan(out, "/api/v1/products/0", 403), "the denial is a server span with its status\n" + out);
            assertTrue(hasSpan(out, "/productpage", 401), "the refused token is a server span with its status\n" + out);
            assertTrue(out.contains("deny GET /api/v1/products/0 403"), out);
        }
    }

    /**
     * An HTTP/1.1 request: Quarkus takes the JDK client's h2c upgrade, and OpenTelemetry 2.21's Netty instrumentation,
     * which makes the server spans of Vert.x and Quarkus, records none for HTTP/2 streams, with or without Meshguard.
     */
    static HttpResponse<String> get(String url, String... headers) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .version(java.net.http.HttpClient.Version.HTTP_1_1).timeout(java.time.Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** True when OpenTelemetry's logging exporter printed a SERVER span for {@code path} answered {@code status}. */
    static boolean hasSpan(String output, String path, int status) {
        return output.lines().anyMatch(l -> l.contains("LoggingSpanExporter") && l.contains(" SERVER ")
                && l.matches(".*\\bhttp\\.response\\.status_code=" + status + "[,}].*")
                && l.matches(".*\\burl\\.path=" + java.util.regex.Pattern.quote(path) + "[,}].*"));
    }
}
