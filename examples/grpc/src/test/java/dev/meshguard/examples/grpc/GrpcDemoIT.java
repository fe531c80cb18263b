package dev.meshguard.examples.grpc;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gRPC example, run once: every status in its table is what an Istio sidecar answers. */
class GrpcDemoIT {

    @Test
    void theExampleTableShowsIstiosAnswers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var answers = GrpcDemo.run(Path.of("../..").toAbsolutePath().normalize(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(GrpcDemo.expected(), answers, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thePoliciesValidateWithoutWarnings() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Process validate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("agent/target/meshguard-agent.jar").toString(), "validate",
                root.resolve("examples/grpc/policies").toString()).redirectErrorStream(true).start();
        String report = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, validate.waitFor(), report);
    }
}
