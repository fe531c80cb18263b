package dev.meshguard.benchmarks.grpc;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unary gRPC calls per second against {@link BenchServer} in a child JVM, without the agent and with it (every call
 * carries an ES256 token that a RequestAuthentication verifies and an ALLOW policy on {@code requestPrincipals} and
 * the method's path decides). Each round runs both configurations, in alternating order; the figures are the medians.
 *
 * <pre>java -cp benchmarks/grpc/target/classes:benchmarks/grpc/target/lib/* dev.meshguard.benchmarks.grpc.GrpcLoad \
 *     agent/target/meshguard-agent.jar [rounds] [warm-up s] [measure s] [connections] [calls in flight per connection]</pre>
 */
public final class GrpcLoad {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;     // even: each order runs as often
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 15;    // after 5 s, C2 still took a quarter of the server's CPU
        int measure = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int inFlight = args.length > 5 ? Integer.parseInt(args[5]) : 16;

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Path policies = Files.createTempDirectory("grpc-bench");
        Files.writeString(policies.resolve("policies.yaml"), policy((ECPublicKey) key.getPublic()));
        String token = token(key);

        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> cpuWithout = new ArrayList<>();
        List<Double> cpuWith = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%d rounds, %d connections x %d calls in flight, %d s warm-up, %d s measured%n",
                rounds, connections, inFlight, warmUp, measure);
        for (int r = 0; r < rounds; r++) {
            // The order alternates: the load client is one JVM for every round, and it is still compiling in the
            // first run, so a fixed order would hand that cost to whichever configuration always runs first.
            for (boolean withAgent : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                double[] got = run(withAgent ? agent : null, policies, token, warmUp, measure, connections, inFlight);
                (withAgent ? with : without).add(got[0]);
                (withAgent ? cpuWith : cpuWithout).add(got[1]);
                System.out.printf(Locale.ROOT, "  round %d %s agent: %.0f calls/s, server CPU %.1f µs/call%n", r + 1,
                        withAgent ? "with" : "without", got[0], got[1]);
            }
        }
        double a = median(without);
        double b = median(with);
        System.out.printf(Locale.ROOT, "median without the agent: %.0f calls/s; with: %.0f calls/s; ratio %.3f%n", a, b, b / a);
        // Each round runs the two configurations back to back, so its own ratio is less exposed to load from other
        // processes that comes and goes over the minutes the rounds take.
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            ratios.add(with.get(r) / without.get(r));
        }
        Collections.sort(ratios);
        System.out.printf(Locale.ROOT, "ratio round by round: %s; median %.3f%n", ratios.stream()
                .map(x -> String.format(Locale.ROOT, "%.3f", x)).collect(java.util.stream.Collectors.joining(", ")), median(ratios));
        double ca = median(cpuWithout);
        double cb = median(cpuWith);
        System.out.printf(Locale.ROOT, "median server CPU per call without the agent: %.1f µs; with: %.1f µs; added %.1f µs%n",
                ca, cb, cb - ca);
    }

    private static double[] run(Path agent, Path policies, String token, int warmUp, int measure, int connections,
                              int inFlight) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        if (agent != null) {
            command.add("-javaagent:" + agent.toAbsolutePath());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MESHGUARD_POLICY_PATH", policies.toString());
        pb.environment().put("MESHGUARD_LOG_LEVEL", "warn");   // as benchmarks/e2e.sh runs the servers
        Process server = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    port = Integer.parseInt(line.substring(6).trim());
                    break;
                }
            }
            if (port < 0) {
                throw new IllegalStateException("the server did not start");
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // the server's output is not needed
                    }
                } catch (java.io.IOException ignored) {
                    // ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            return load(agent != null, server.toHandle(), port, token, warmUp, measure, connections, inFlight);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Keeps {@code inFlight} calls going on each connection; counts the calls completed while measuring. */
    private static double[] load(boolean agent, ProcessHandle server, int port, String token, int warmUp, int measure, int connections,
                               int inFlight) throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[] stopAt = {System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp + measure)};
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        byte[] payload = "ping".getBytes(StandardCharsets.UTF_8);
        for (int c = 0; c < connections; c++) {
            ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
            channels.add(ch);
            for (int i = 0; i < inFlight; i++) {
                next(ch, headers, payload, ok, failed, stopAt);
            }
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmUp));
        long okBefore = ok.get();
        long cpuBefore = cpuNanos(server);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(measure));
        long calls = ok.get() - okBefore;
        double rate = calls / ((System.nanoTime() - start) / 1e9);
        // The server's CPU time per call: what the agent adds to each call, less sensitive than the rate to other
        // processes taking the cores (the load client shares them too).
        double cpuPerCall = (cpuNanos(server) - cpuBefore) / 1e3 / calls;
        // The figures mean something only if the agent decided every call: a call without a token must be refused.
        Status.Code anonymous = anonymousCall(channels.get(0));
        Status.Code expected = agent ? Status.Code.PERMISSION_DENIED : Status.Code.OK;
        if (anonymous != expected) {
            throw new IllegalStateException("a call without a token got " + anonymous + ", expected " + expected);
        }
        for (ManagedChannel ch : channels) {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (failed.get() > 0) {
            System.out.println("  failed calls: " + failed.get());
        }
        return new double[] {rate, cpuPerCall};
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the server"))
                .toNanos();
    }

    private static void next(ManagedChannel ch, Metadata headers, byte[] payload, AtomicLong ok, AtomicLong failed,
                             long[] stopAt) {
        if (System.nanoTime() - stopAt[0] > 0) {
            return;
        }
        io.grpc.ClientCall<byte[], byte[]> call = io.grpc.ClientInterceptors.intercept(ch,
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)).newCall(BenchServer.CALL, CallOptions.DEFAULT);
        ClientCalls.asyncUnaryCall(call, payload, new StreamObserver<byte[]>() {
            @Override
            public void onNext(byte[] value) {
            }

            @Override
            public void onError(Throwable t) {
                if (Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
                    failed.incrementAndGet();
                }
            }

            @Override
            public void onCompleted() {
                ok.incrementAndGet();
                next(ch, headers, payload, ok, failed, stopAt);
            }
        });
    }

    private static Status.Code anonymousCall(ManagedChannel ch) {
        try {
            ClientCalls.blockingUnaryCall(ch, BenchServer.CALL, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    "ping".getBytes(StandardCharsets.UTF_8));
            return Status.Code.OK;
        } catch (RuntimeException e) {
            return Status.fromThrowable(e).getCode();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String b64(BigInteger coordinate) {
        byte[] raw = coordinate.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return b64(out);
    }

    private static String policy(ECPublicKey pub) {
        String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\",\"alg\":\"ES256\",\"x\":\""
                + b64(pub.getW().getAffineX()) + "\",\"y\":\"" + b64(pub.getW().getAffineY()) + "\"}]}";
        return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: bench, namespace: default}\n"
                + "spec:\n  jwtRules:\n  - issuer: https://bench.example\n    jwks: '" + jwks + "'\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: bench, namespace: default}\n"
                + "spec:\n  rules:\n  - from: [{source: {requestPrincipals: [https://bench.example/bench]}}]\n"
                + "    to: [{operation: {methods: [POST], paths: [/bench.Echo/Call]}}]\n";
    }

    private static String token(KeyPair key) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64(("{\"iss\":\"https://bench.example\",\"sub\":\"bench\",\"iat\":" + now + ",\"exp\":"
                + (now + 24 * 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key.getPrivate());
        s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64(s.sign());
    }
}
