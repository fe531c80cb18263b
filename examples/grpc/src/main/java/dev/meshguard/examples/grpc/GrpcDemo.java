package dev.meshguard.examples.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link OrdersServer} in its own JVM with the built agent and {@code examples/grpc/policies}, calls it as a
 * grpc-java client would, and prints the status each call gets: what an Istio sidecar would answer. Run from the
 * repository root: {@code examples/grpc/run.sh}.
 */
public final class GrpcDemo {
    static final String[] METHODS = {"shop.Orders/List", "shop.Orders/Cancel", "shop.Orders/Refund"};
    static final String[] TOKENS = {"no token", "valid token", "tampered token"};

    private GrpcDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("meshguard.root", ".")).toAbsolutePath().normalize();
        System.exit(run(root, System.out).equals(expected()) ? 0 : 1);
    }

    /** What Envoy answers: each method by each token. */
    static List<String> expected() {
        return List.of(
                "OK", "OK", "UNAUTHENTICATED: Jwt verification fails",
                "PERMISSION_DENIED: RBAC: access denied", "OK", "UNAUTHENTICATED: Jwt verification fails",
                "PERMISSION_DENIED: RBAC: access denied", "PERMISSION_DENIED: RBAC: access denied",
                "UNAUTHENTICATED: Jwt verification fails");
    }

    /** Runs the demo from the repository root; returns the answers, method by method, token by token. */
    static List<String> run(Path root, PrintStream out) throws Exception {
        Path jar = root.resolve("agent/target/meshguard-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the agent jar is missing: build first with  mvn -B -DskipTests package");
        }
        Path log = root.resolve("examples/grpc/target/grpc-demo-server.log");
        Files.createDirectories(log.getParent());
        String classPath = root.resolve("examples/grpc/target/classes") + File.pathSeparator
                + root.resolve("examples/grpc/target/lib/*");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar, "-cp", classPath, OrdersServer.class.getName(), "0").redirectErrorStream(true);
        pb.environment().put("MESHGUARD_POLICY_PATH", root.resolve("examples/grpc/policies").toString());
        Process server = pb.start();
        ManagedChannel channel = null;
        try {
            int port = waitUntilReady(server, log);
            channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
            String valid = Files.readString(root.resolve("examples/istio-jwt-samples/demo.jwt")).trim();
            String[] bearer = {null, valid, tampered(valid)};
            List<String> answers = new ArrayList<>();
            out.printf(Locale.ROOT, "%-22s %-40s %-40s %s%n", "call", TOKENS[0], TOKENS[1], TOKENS[2]);
            for (String m : METHODS) {
                List<String> row = new ArrayList<>();
                for (String token : bearer) {
                    row.add(call(channel, m, token));
                }
                answers.addAll(row);
                out.printf(Locale.ROOT, "%-22s %-40s %-40s %s%n", "/" + m, row.get(0), row.get(1), row.get(2));
            }
            out.println("(shop.Orders/Refund does not exist: the policy's answer comes before grpc-java's UNIMPLEMENTED)");
            out.println("health: " + call(channel, "grpc.health.v1.Health/Check", null) + " (server log: " + log + ")");
            return answers;
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Reads the server's output up to {@code READY port}, then copies the rest to {@code log} so the pipe never fills. */
    private static int waitUntilReady(Process server, Path log) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> first = new ArrayList<>();
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            first.add(l);
            if (l.startsWith("READY ")) {
                Thread copier = new Thread(() -> copy(in, log, first), "grpc-demo-log");
                copier.setDaemon(true);
                copier.start();
                return Integer.parseInt(l.substring(6).trim());
            }
        }
        throw new IllegalStateException("the server did not start:\n" + String.join("\n", first));
    }

    private static void copy(BufferedReader in, Path log, List<String> first) {
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            first.forEach(out::println);
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                out.println(l);
            }
        } catch (Exception ignored) {
            // the server stopped
        }
    }

    /** One unary call; its status as {@code CODE: description}, or {@code OK}. */
    static String call(ManagedChannel channel, String method, String token) throws Exception {
        MethodDescriptor<String, String> m = MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(OrdersServer.TEXT).setResponseMarshaller(OrdersServer.TEXT).build();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(OrdersServer.AUTHORIZATION, "Bearer " + token);
        }
        CompletableFuture<Status> done = new CompletableFuture<>();
        ClientCall<String, String> call = channel.newCall(m, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(status);
            }
        }, headers);
        call.request(1);
        call.sendMessage(method.endsWith("Check") ? "" : "order-1");
        call.halfClose();
        Status s = done.get(15, TimeUnit.SECONDS);
        return s.isOk() ? "OK" : s.getCode() + ": " + s.getDescription();
    }

    /** The token with one signature character changed: signed by no key the policy trusts. */
    static String tampered(String token) {
        int at = token.lastIndexOf('.') + 10;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
