import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real grpc-java client that a test drives over stdin: each line is a command, tab-separated; each answer is one
 * {@code RESULT} line with the call's status code, whether response headers came (a trailers-only answer has none),
 * how many messages came, the time taken, and the URL-encoded description, trailers and responses.
 *
 * <pre>
 * args: host:port [tls client.p12 trust.p12 authority]
 * call ID METHOD [key=value...]      a unary call with the bytes marshaller ("-bin" values in base64)
 * start ID METHOD [key=value...]     the same, answered later by: wait ID
 * health ID [key=value...]           grpc.health.v1.Health/Check
 * reflect ID v1|v1alpha [key=value...] ServerReflectionInfo, list_services
 * </pre>
 */
public class GrpcProbe {
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<byte[]>() {
        @Override
        public InputStream stream(byte[] value) { return new ByteArrayInputStream(value); }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    public static void main(String[] args) throws Exception {
        ManagedChannel channel;
        if (args.length > 3 && args[1].equals("tls")) {
            ChannelCredentials creds = TlsChannelCredentials.newBuilder().keyManager(keyManagers(args[2]))
                    .trustManager(trustManagers(args[3])).build();
            ManagedChannelBuilder<?> b = Grpc.newChannelBuilder(args[0], creds);
            if (args.length > 4) {
                b.overrideAuthority(args[4]);
            }
            channel = b.build();
        } else {
            channel = Grpc.newChannelBuilder(args[0], InsecureChannelCredentials.create()).build();
        }
        Map<String, CompletableFuture<String>> started = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY 0");
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] f = line.split("\t");
            try {
                switch (f[0]) {
                    case "call":
                        System.out.println(unary(channel, f[1], f[2], headers(f, 3)).get(30, TimeUnit.SECONDS));
                        break;
                    case "start":
                        started.put(f[1], unary(channel, f[1], f[2], headers(f, 3)));
                        break;
                    case "wait":
                        System.out.println(started.remove(f[1]).get(30, TimeUnit.SECONDS));
                        break;
                    case "health":
                        System.out.println(call(channel, f[1], io.grpc.health.v1.HealthGrpc.getCheckMethod(),
                                io.grpc.health.v1.HealthCheckRequest.getDefaultInstance(), headers(f, 2),
                                r -> r.getStatus().name()).get(30, TimeUnit.SECONDS));
                        break;
                    case "reflect":
                        System.out.println(reflect(channel, f[1], f[2], headers(f, 3)).get(30, TimeUnit.SECONDS));
                        break;
                    default:
                        System.out.println("ERROR unknown command " + f[0]);
                }
            } catch (Exception e) {
                System.out.println("ERROR " + e);
            }
            System.out.flush();
        }
        channel.shutdownNow();
    }

    private static CompletableFuture<String> unary(ManagedChannel ch, String id, String method, Metadata md) {
        MethodDescriptor<byte[], byte[]> m = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        return call(ch, id, m, "ping".getBytes(StandardCharsets.UTF_8), md, b -> new String(b, StandardCharsets.UTF_8));
    }

    private static CompletableFuture<String> reflect(ManagedChannel ch, String id, String version, Metadata md) {
        if (version.equals("v1")) {
            return call(ch, id, io.grpc.reflection.v1.ServerReflectionGrpc.getServerReflectionInfoMethod(),
                    io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(), md,
                    r -> r.getListServicesResponse().getServiceList().toString());
        }
        return call(ch, id, io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServerReflectionInfoMethod(),
                io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build(), md,
                r -> r.getListServicesResponse().getServiceList().toString());
    }

    /** One request, half-closed at once; the answer as a RESULT line. */
    private static <Q, R> CompletableFuture<String> call(ManagedChannel ch, String id, MethodDescriptor<Q, R> m, Q request,
                                                         Metadata md, Function<R, String> show) {
        long start = System.nanoTime();
        CompletableFuture<String> done = new CompletableFuture<>();
        ClientCall<Q, R> call = ch.newCall(m, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        List<String> responses = new ArrayList<>();
        boolean[] headers = {false};
        call.start(new ClientCall.Listener<R>() {
            @Override
            public void onHeaders(Metadata h) { headers[0] = true; }

            @Override
            public void onMessage(R message) {
                responses.add(show.apply(message));
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                StringBuilder t = new StringBuilder();
                for (String k : new TreeSet<>(trailers.keys())) {
                    if (!k.endsWith(Metadata.BINARY_HEADER_SUFFIX) && !k.startsWith(":")) {
                        for (String v : trailers.getAll(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER))) {
                            t.append(k).append(": ").append(v).append('\n');
                        }
                    }
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                done.complete(String.join("\t", "RESULT", id, String.valueOf(status.getCode().value()),
                        String.valueOf(headers[0]), String.valueOf(responses.size()), String.valueOf(ms),
                        enc(status.getDescription()), enc(t.toString()), enc(String.join("\n", responses))));
            }
        }, md);
        call.request(1);
        call.sendMessage(request);
        call.halfClose();
        return done;
    }

    private static String enc(String s) {
        return s == null ? "-" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Metadata headers(String[] f, int from) {
        Metadata md = new Metadata();
        for (int i = from; i < f.length; i++) {
            int eq = f[i].indexOf('=');
            String k = f[i].substring(0, eq);
            String v = f[i].substring(eq + 1);
            if (k.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                md.put(Metadata.Key.of(k, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(v));
            } else {
                md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v);
            }
        }
        return md;
    }

    static javax.net.ssl.KeyManager[] keyManagers(String file) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(file), "changeit".toCharArray());
        return kmf.getKeyManagers();
    }

    static javax.net.ssl.TrustManager[] trustManagers(String file) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(file));
        return tmf.getTrustManagers();
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }
}
