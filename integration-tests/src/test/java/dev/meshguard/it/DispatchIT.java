package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request is decided once, on the path the client sent: a forward, an include, an async dispatch or an error page
 * that the application makes to a protected path inside the container is not decided again (as behind Envoy, which
 * never sees them). Without a token, /dispatch/* is open and the protected /api/v1/products/0 is not.
 */
class DispatchIT {
    @TempDir
    Path policies;

    @ParameterizedTest
    @EnumSource(value = Apps.Line.class, names = {"TOMCAT9", "TOMCAT10", "TOMCAT11", "JETTY12_EE10", "UNDERTOW22_SERVLET", "UNDERTOW23_SERVLET"})
    void internalDispatchesAreNotDecidedAgain(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"),
                Policies.seed().replace("notPaths: [/productpage]", "notPaths: [/productpage, /dispatch/*]"));
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            assertEquals(403, Http.get(server.url("/api/v1/products/0")).statusCode(), server::output);

            String forward = body(server, "/dispatch/forward", 200);
            assertTrue(forward.startsWith("GET /api/v1/products/0\n"), forward);

            String include = body(server, "/dispatch/include", 200);
            assertTrue(include.startsWith("GET /dispatch/include\n"), "the included servlet wrote: " + include);

            String async = body(server, "/dispatch/async", 200);
            assertTrue(async.startsWith("GET /api/v1/products/0\n"), async);

            String error = body(server, "/dispatch/error", 404);
            assertTrue(error.contains("GET /api/v1/products/0\n"), "the error page ran: " + error);

            assertEquals(1, server.output().lines().filter(l -> l.contains("deny GET")).count(),
                    "only the direct request was refused: " + server.output());
        }
    }

    /** The body of a GET to {@code path}, after checking its status. */
    private static String body(ServerProcess server, String path, int status) throws Exception {
        HttpResponse<String> response = Http.get(server.url(path));
        assertEquals(status, response.statusCode(), server::output);
        return response.body();
    }
}
