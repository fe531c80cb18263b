package dev.meshguard.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that carries its own, different versions of Jackson, jose4j, Byte Buddy and SLF4J with Logback:
 * it keeps using its own, and the agent keeps using its own.
 */
class IsolationIT {
    @TempDir
    Path policies;

    @Test
    void theApplicationAndTheAgentEachUseTheirOwnLibraries() throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, Apps.Line.TOMCAT10, true, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            HttpResponse<String> page = Http.get(server.url("/productpage"));
            assertEquals(200, page.statusCode(), server::output);
            assertEquals("jackson-databind-2.15.4.jar", page.headers().firstValue("X-Lib-jackson").orElse(""));
            assertEquals("jose4j-0.9.3.jar", page.headers().firstValue("X-Lib-jose4j").orElse(""));
            assertEquals("byte-buddy-1.14.18.jar", page.headers().firstValue("X-Lib-bytebuddy").orElse(""));
            assertEquals("slf4j-api-2.0.9.jar ch.qos.logback.classic.LoggerContext",
                    page.headers().firstValue("X-Lib-slf4j").orElse(""));
            assertTrue(server.output().contains("probe used jackson {\"ok\":true} jose4j oct"), server::output);

            assertEquals(403, Http.get(server.url("/api/v1/products/0")).statusCode(), "the agent still enforces");
            assertEquals(200, Http.get(server.url("/api/v1/products/0"), "Authorization", "Bearer " + Policies.demoToken())
                    .statusCode(), "and still verifies tokens with its own jose4j");
        }
    }
}
