import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test services, with hand-written method descriptors over a bytes marshaller (no code generator): each unary
 * method answers with its name, the number of calls any handler ran so far, and the metadata it saw, one
 * {@code key: value} line each. An interceptor of the application's own prints every call it sees, and every handler
 * prints {@code HIT <method>}, so a test can tell that a refused call reached neither.
 */
final class EchoServices {
    static final AtomicInteger HITS = new AtomicInteger();

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<byte[]>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withCause(e).asRuntimeException();
            }
        }
    };

    private EchoServices() {
    }

    static MethodDescriptor<byte[], byte[]> unary(String fullName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    /** {@code meshguard.test.Echo} (Hello, Secret), and {@code wait2s.Slow}, {@code allow.Fast}, {@code deny-length.Refused} for the authorizer. */
    static List<ServerServiceDefinition> all() {
        List<ServerServiceDefinition> out = new ArrayList<>();
        out.add(service("meshguard.test.Echo", "Hello", "Secret"));
        out.add(service("wait2s.Slow", "Call"));
        out.add(service("allow.Fast", "Call"));
        out.add(service("deny-length.Refused", "Call"));
        return out;
    }

    private static ServerServiceDefinition service(String name, String... methods) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(name);
        for (String m : methods) {
            b.addMethod(unary(name + "/" + m), new Handler());
        }
        return ServerInterceptors.intercept(b.build(), new Seen());
    }

    /** The health service (SERVING) and both reflection services where this grpc-java has them. */
    static List<BindableService> standard() {
        List<BindableService> out = new ArrayList<>();
        out.add(new io.grpc.protobuf.services.HealthStatusManager().getHealthService());
        out.add(io.grpc.protobuf.services.ProtoReflectionService.newInstance());
        try {
            out.add((BindableService) Class.forName("io.grpc.protobuf.services.ProtoReflectionServiceV1")
                    .getMethod("newInstance").invoke(null));
        } catch (ReflectiveOperationException olderThanV1) {
            // grpc-java 1.60 serves only v1alpha
        }
        return out;
    }

    /** The application's own interceptor: it never sees a call Meshguard refused. */
    static final class Seen implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            System.out.println("INTERCEPTED " + call.getMethodDescriptor().getFullMethodName());
            return next.startCall(call, headers);
        }
    }

    static final class Handler implements ServerCallHandler<byte[], byte[]> {
        @Override
        public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
            call.request(1);
            return new ServerCall.Listener<byte[]>() {
                @Override
                public void onMessage(byte[] message) {
                    String method = call.getMethodDescriptor().getFullMethodName();
                    System.out.println("HIT " + method);
                    StringBuilder body = new StringBuilder("method: " + method + "\nhits: " + HITS.incrementAndGet() + "\n");
                    for (String key : new TreeSet<>(headers.keys())) {
                        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                            for (byte[] v : headers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
                                body.append(key).append(": ").append(Base64.getEncoder().encodeToString(v)).append('\n');
                            }
                        } else {
                            Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
                            if (values == null) {
                                // grpc-servlet on Undertow lists the authority as "Host", a key that Metadata cannot
                                // find by name (Key.of lower-cases it)
                                body.append(key).append(": (not readable by name)\n");
                                continue;
                            }
                            for (String v : values) {
                                body.append(key).append(": ").append(v).append('\n');
                            }
                        }
                    }
                    call.sendHeaders(new Metadata());
                    call.sendMessage(body.toString().getBytes(StandardCharsets.UTF_8));
                    call.close(Status.OK, new Metadata());
                }
            };
        }
    }
}
