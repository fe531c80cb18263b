package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hook that fails (a bug, a server version it does not know) answers 503 and never runs the application, on every
 * server line (on the servers built on Netty, plain Netty, Vert.x and Quarkus, the plain-Netty hook closes the
 * connection whose pipeline it could not guard, before any request); the error is logged once per hook with its
 * stack. The failure is injected with a test-only system property.
 */
class FailClosedIT {
    @TempDir
    Path policies;

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.Apps$Line#servers")
    void aFailingHookAnswers503AndTheApplicationNeverRuns(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString(), "JAVA_TOOL_OPTIONS", "-Dmeshguard.test.failHooks=true"))) {
            for (int i = 0; i < 3; i++) {
                if (line.onNetty()) {
                    // The plain-Netty hook fails as it guards a new connection's pipeline, which is closed at once.
                    assertThrows(java.io.IOException.class, () -> Http.get(server.url("/productpage")), server::output);
                    continue;
                }
                HttpResponse<String> r = Http.get(server.url("/productpage"), "Authorization", "Bearer " + Policies.demoToken());
                assertEquals(503, r.statusCode(), server::output);
                assertTrue(r.headers().firstValue("X-Hits").isEmpty(), "the application ran: " + r.headers().map());
            }
            String log = server.output();
            List<String> failures = log.lines().filter(l -> l.contains("hook failed; the request is answered 503")).toList();
            assertFalse(failures.isEmpty(), log);
            assertEquals(failures.size(), failures.stream().map(l -> l.substring(0, l.indexOf(" hook failed"))
                    .replaceAll(".* ", "")).distinct().count(), "logged once per hook: " + log);
            assertTrue(log.contains("failure injected by meshguard.test.failHooks"), log);
            assertTrue(log.contains("at dev.meshguard.agent.HookDispatcher.dispatch"), "logged with its stack: " + log);
        }
    }
}
