package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that carries its own, different versions of Jackson, jose4j, Byte Buddy and SLF4J with Logback:
 * it keeps using its own, and the agent keeps using its own. On a Tomcat and on a plain Netty server, whose Netty the
 * agent's hooks use as the application loaded it (the agent carries none).
 */
class IsolationIT {
    @TempDir
    Path policies;

    @ParameterizedTest
    @EnumSource(value = Apps.Line.class, names = {"TOMCAT10", "NETTY42"})
    void theApplicationAndTheAgentEachUseTheirOwnLibraries(Apps.Line line) throws Exception {
        try (JarFile agent = new JarFile(Apps.AGENT_JAR.toFile())) {
            assertTrue(agent.stream().noneMatch(e -> e.getName().contains("io/netty/")), "the agent carries no Netty");
        }
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, true, null,
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
