package dev.meshguard.examples.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A plain grpc-java service that knows nothing of Meshguard: {@code shop.Orders} with {@code List} and {@code Cancel}
 * (text in, text out, method descriptors written by hand so no code generator is needed), plus the health and
 * reflection services. Args: [port] (0 for any). Prints READY port.
 */
public final class OrdersServer {
    static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static MethodDescriptor<String, String> method(String name) {
        return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("shop.Orders/" + name).setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    }

    private OrdersServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 50051;
        ServerServiceDefinition orders = ServerServiceDefinition.builder("shop.Orders")
                .addMethod(method("List"), ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext("order-1, order-2");
                    out.onCompleted();
                }))
                .addMethod(method("Cancel"), ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext("cancelled " + req);
                    out.onCompleted();
                }))
                .build();
        Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(orders)
                .addService(new HealthStatusManager().getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build().start();
        System.out.println("READY " + server.getPort());
        server.awaitTermination();
    }

    /** The metadata key the token travels in. */
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
}
