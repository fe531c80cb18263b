package dev.meshguard.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's demo, run once: every answer in the table is Istio's. */
class DemoIT {

    @Test
    void theDemoTableShowsIstiosAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Demo.run(Path.of("..").toAbsolutePath().normalize(), port, true, new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, table);
        assertTrue(table.contains("GET /productpage           200        200          401            401"), table);
        assertTrue(table.contains("GET /api/v1/products/0     403        200          401            401"), table);
    }
}
