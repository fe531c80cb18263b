package dev.meshguard.it;

import dev.meshguard.jwt.JwtStatus;
import dev.meshguard.testing.StatusTokens;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every authentication status over HTTP on one real server per family: the status (403 only for the audience
 * failure), Envoy's text as the body, and the {@code WWW-Authenticate} challenge with the request's target. A gRPC
 * request gets the same denial in Envoy's gRPC form (200, {@code grpc-status} 16 or 7, the text as
 * {@code grpc-message}, no body); a grpc-web request, which is not gRPC to Envoy, the plain one.
 */
class AuthStatusesIT {
    @TempDir
    Path policies;

    static List<Apps.Line> lines() {
        return Apps.Line.named("TOMCAT10", "JETTY9", "JETTY121", "UNDERTOW23", "NETTY42", "WEBFLUX40", "VERTX50_WEB",
                "QUARKUS", "MICRONAUT");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void everyStatusAnswersAsEnvoy(Apps.Line line) throws Exception {
        StatusTokens tokens = new StatusTokens();
        Files.writeString(policies.resolve("p.yaml"), tokens.policy());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            List<String> wrong = new ArrayList<>();
            for (StatusTokens.Case c : tokens.cases()) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/status?x=1"))).timeout(Duration.ofSeconds(20));
                c.authorization().forEach(v -> b.header("Authorization", v));
                HttpResponse<String> r = Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
                int expected = c.status() == JwtStatus.AUDIENCE_NOT_ALLOWED ? 403 : 401;
                String challenge = "Bearer realm=\"http://127.0.0.1:" + server.port + "/status?x=1\", error=\"invalid_token\"";
                if (r.statusCode() != expected || !r.body().equals(c.status().message())
                        || !challenge.equals(r.headers().firstValue("www-authenticate").orElse(""))
                        || !r.headers().firstValue("content-type").orElse("").startsWith("text/plain")) {
                    wrong.add(c.status() + ": " + r.statusCode() + " " + r.body() + " " + r.headers().map());
                }
                HttpResponse<String> grpc = post(server, c, "application/grpc");
                String grpcStatus = expected == 403 ? "7" : "16";
                if (grpc.statusCode() != 200 || !grpc.body().isEmpty()
                        || !grpcStatus.equals(grpc.headers().firstValue("grpc-status").orElse(""))
                        || !c.status().message().equals(grpc.headers().firstValue("grpc-message").orElse(""))
                        || !grpc.headers().firstValue("content-type").orElse("").equals("application/grpc")
                        || grpc.headers().firstValue("www-authenticate").isEmpty()) {
                    wrong.add(c.status() + " as gRPC: " + grpc.statusCode() + " " + grpc.body() + " " + grpc.headers().map());
                }
                HttpResponse<String> web = post(server, c, "application/grpc-web+proto");
                if (web.statusCode() != expected || !web.body().equals(c.status().message())) {
                    wrong.add(c.status() + " as grpc-web: " + web.statusCode() + " " + web.body());
                }
            }
            assertTrue(wrong.isEmpty(), () -> line + ": " + wrong + "\n" + server.output());
        }
    }

    private static HttpResponse<String> post(ServerProcess server, StatusTokens.Case c, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/pkg.Service/Method")))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.noBody());
        c.authorization().forEach(v -> b.header("Authorization", v));
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
