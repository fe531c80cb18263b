package dev.meshguard.hooks.grpc;

import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.RequestHeaders;
import dev.meshguard.bootstrap.Verdict;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.internal.ServerStream;
import io.grpc.internal.ServerStreamListener;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Envoy's gRPC local reply on a grpc-java stream: closing a stream before any header was sent makes grpc-java send one
 * trailers-only frame, {@code :status 200}, {@code content-type: application/grpc}, {@code grpc-status} (a
 * {@code grpc-status} the denial carries, else {@link Denials#grpcStatus} of its HTTP status), {@code grpc-message} (the
 * denial's body, percent-encoded by grpc-java exactly as Envoy encodes it) and the denial's other headers, such as
 * {@code www-authenticate}. Also the header changes of an allowed call, on its metadata.
 */
final class GrpcDenials {
    private static final String GRPC_STATUS = "grpc-status";
    private static final String GRPC_MESSAGE = "grpc-message";
    private static final String CONTENT_TYPE = "content-type";

    /** Istio's header changes on a call's metadata. */
    static final RequestHeaders<Metadata> METADATA = new MetadataHeaders();

    private GrpcDenials() {
    }

    /** Answers {@code denial} on {@code stream}, whose request is discarded. */
    static void refuse(ServerStream stream, Verdict denial) {
        stream.setListener(Discard.INSTANCE);
        stream.close(status(denial), trailers(denial));
    }

    /** Refuses a call no decision could be made for, as Envoy's 503 would be: {@code UNAVAILABLE}. */
    static void unavailable(ServerStream stream) {
        stream.setListener(Discard.INSTANCE);
        stream.close(Status.UNAVAILABLE, new Metadata());
    }

    static Status status(Verdict denial) {
        int code = Denials.grpcStatus(denial.status());
        for (Map.Entry<String, String> h : denial.responseHeaders().entrySet()) {
            if (h.getKey().equalsIgnoreCase(GRPC_STATUS)) {
                code = parseCode(h.getValue(), code);
            }
        }
        Status s = Status.fromCodeValue(code);
        return denial.body().isEmpty() ? s : s.withDescription(denial.body());
    }

    private static int parseCode(String value, int otherwise) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            return otherwise;
        }
    }

    static Metadata trailers(Verdict denial) {
        Metadata trailers = new Metadata();
        for (Map.Entry<String, String> h : denial.responseHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals(GRPC_STATUS) || name.equals(GRPC_MESSAGE) || name.equals(CONTENT_TYPE)) {
                continue;
            }
            try {
                put(trailers, name, h.getValue());
            } catch (IllegalArgumentException notAMetadataName) {
                // a name or value gRPC metadata cannot carry (an HTTP/1 header an authorizer sent): not sent
            }
        }
        return trailers;
    }

    private static void put(Metadata m, String name, String value) {
        if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            m.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(pad(value)));
        } else {
            m.put(GrpcRequestView.asciiKey(name), value);
        }
    }

    private static String pad(String base64) {
        String v = base64.trim();
        return v.length() % 4 == 0 ? v : v + "===".substring(0, 4 - v.length() % 4);
    }

    /** Discards the request of a refused call. */
    static final class Discard implements ServerStreamListener {
        static final Discard INSTANCE = new Discard();

        @Override
        public void messagesAvailable(MessageProducer producer) {
            InputStream message;
            while ((message = producer.next()) != null) {
                try {
                    message.close();
                } catch (IOException ignored) {
                    // the message is dropped either way
                }
            }
        }

        @Override
        public void onReady() {
        }

        @Override
        public void halfClosed() {
        }

        @Override
        public void closed(Status status) {
        }

        /** grpc-java 1.84 and later only. */
        @Override
        public void triggerEvent(Object event) {
        }
    }

    private static final class MetadataHeaders implements RequestHeaders<Metadata> {
        @Override
        public void remove(Metadata headers, String name) {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                headers.discardAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
            } else {
                headers.discardAll(GrpcRequestView.asciiKey(key));
            }
        }

        @Override
        public void set(Metadata headers, String name, String value) {
            remove(headers, name);
            put(headers, name.toLowerCase(Locale.ROOT), value);
        }
    }
}
