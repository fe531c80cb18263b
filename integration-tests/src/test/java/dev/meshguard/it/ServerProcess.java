package dev.meshguard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server in a child JVM, normally a test application started with the built agent jar; its output is kept. */
final class ServerProcess implements AutoCloseable {
    static final String JDK17 = System.getProperty("java.home");
    static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    /** What the test applications print once they listen. */
    private static final Pattern READY = Pattern.compile("^READY (\\d+)");

    private final Process process;
    private final StringBuffer output;
    final int port;

    private ServerProcess(Process process, int port, StringBuffer output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** The JDKs to test on: this one, and Temurin 25 where it is installed. */
    static List<String> jdks() {
        List<String> out = new ArrayList<>(List.of(JDK17));
        if (Files.isExecutable(Path.of(JDK25, "bin", "java"))) {
            out.add(JDK25);
        }
        return out;
    }

    static ServerProcess start(String jdk, Apps.Line line, boolean ownLibraries, String agentArgs, Map<String, String> env,
                               String... appArgs) throws Exception {
        return start(Apps.AGENT_JAR, jdk, line, ownLibraries, agentArgs, env, appArgs);
    }

    /** {@code line}'s app without any agent: what the server does by itself. */
    static ServerProcess startWithoutAgent(String jdk, Apps.Line line, String... appArgs) throws Exception {
        return startWith(jdk, line, List.of(), Map.of(), appArgs);
    }

    /** {@code line}'s app with exactly {@code jvmArgs} (agents among them, in their order) and {@code env}. */
    static ServerProcess startWith(String jdk, Apps.Line line, List<String> jvmArgs, Map<String, String> env,
                                   String... appArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(jdk, "bin", "java").toString(), "-Xshare:auto"));
        command.addAll(jvmArgs);
        command.addAll(Apps.launch(line, false));
        command.addAll(List.of(appArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHGUARD_") || k.startsWith("OTEL_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        return launch(pb, READY, 90);
    }

    /** As above, with the agent jar at {@code agentJar} (a renamed copy, say). */
    static ServerProcess start(Path agentJar, String jdk, Apps.Line line, boolean ownLibraries, String agentArgs,
                               Map<String, String> env, String... appArgs) throws Exception {
        // Every JSON and YAML input the agent reads plainly is read by Jackson too, and must give the same tree.
        List<String> command = new ArrayList<>(List.of(Path.of(jdk, "bin", "java").toString(), "-Xshare:auto",
                "-Dmeshguard.json.crossCheck=true",
                "-javaagent:" + agentJar.toAbsolutePath() + (agentArgs == null ? "" : "=" + agentArgs)));
        command.addAll(Apps.launch(line, ownLibraries));
        command.addAll(List.of(appArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHGUARD_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        return launch(pb, READY, 60);
    }

    /**
     * Starts {@code pb} with its output merged and collected, and waits until a line matches {@code ready}, whose
     * first group is the port it listens on.
     */
    static ServerProcess launch(ProcessBuilder pb, Pattern ready, int timeoutSeconds) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String text;
                while ((text = in.readLine()) != null) {
                    out.append(text).append('\n');
                    Matcher m = ready.matcher(text);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("the server exited before it was ready:\n" + out));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(p, port.get(timeoutSeconds, TimeUnit.SECONDS), out);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("server did not start: " + e.getMessage() + "\n" + out, e);
        }
    }

    /** Everything the server printed so far (the agent logs to stderr, merged here). */
    String output() {
        return output.toString();
    }

    /**
     * Whether the server printed {@code expected}, waiting up to 10 s for it: a line the server wrote before it
     * answered may still be on its way through the pipe when the answer has arrived.
     */
    boolean printed(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!output().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return output().contains(expected);
    }

    long pid() {
        return process.pid();
    }

    /** Heap in use after a full collection, in KB, read with jcmd (GC.run, then GC.heap_info). */
    long heapUsedAfterGcKb() throws Exception {
        String jcmd = Path.of(JDK17, "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid()), "GC.run").redirectErrorStream(true).start().waitFor();
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid()), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Polls {@code path} until it answers {@code expected} (a reload taking effect), then asserts it; 10 s at most. */
    void awaitStatus(String path, int expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status = Http.get(url(path)).statusCode();
        while (status != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = Http.get(url(path)).statusCode();
        }
        org.junit.jupiter.api.Assertions.assertEquals(expected, status, this::output);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
