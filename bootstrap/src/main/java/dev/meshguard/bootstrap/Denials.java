package dev.meshguard.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a denial the way an Envoy sidecar answers with a local reply, on any server: the status, the denial's
 * headers and a {@code text/plain} body; or, for a gRPC request, a trailers-only answer: status 200,
 * {@code content-type: application/grpc}, {@code grpc-status} mapped from the HTTP status as Envoy's
 * {@code httpToGrpcStatus} maps it, {@code grpc-message} the percent-encoded body, and no body.
 */
public final class Denials {
    static final String GRPC_CONTENT_TYPE = "application/grpc";

    private Denials() {
    }

    /** Writes {@code denial} on {@code response} through {@code server}. */
    public static <R> void write(R response, Verdict denial, ResponseMutator<R> server) throws IOException {
        if (denial.grpc()) {
            server.status(response, 200);
            for (Map.Entry<String, String> h : denial.responseHeaders().entrySet()) {
                server.header(response, h.getKey(), h.getValue());
            }
            server.header(response, "content-type", GRPC_CONTENT_TYPE);
            if (!denial.responseHeaders().containsKey("grpc-status")) {
                server.header(response, "grpc-status", String.valueOf(grpcStatus(denial.status())));
            }
            if (!denial.body().isEmpty()) {
                server.header(response, "grpc-message", percentEncode(denial.body()));
            }
            server.finish(response, null, new byte[0]);
            return;
        }
        server.status(response, denial.status());
        for (Map.Entry<String, String> h : denial.responseHeaders().entrySet()) {
            server.header(response, h.getKey(), h.getValue());
        }
        server.finish(response, "text/plain", denial.body().getBytes(StandardCharsets.UTF_8));
    }

    /** True for Envoy's gRPC requests: content type {@code application/grpc} or {@code application/grpc+...}. */
    public static boolean isGrpc(String contentType) {
        return contentType != null && contentType.startsWith(GRPC_CONTENT_TYPE)
                && (contentType.length() == GRPC_CONTENT_TYPE.length()
                || contentType.charAt(GRPC_CONTENT_TYPE.length()) == '+');
    }

    /** Envoy's {@code Grpc::Utility::httpToGrpcStatus}. */
    public static int grpcStatus(int httpStatus) {
        switch (httpStatus) {
            case 400: return 13;
            case 401: return 16;
            case 403: return 7;
            case 404: return 12;
            case 429: case 502: case 503: case 504: return 14;
            default: return 2;
        }
    }

    /**
     * Envoy's {@code PercentEncoding::encode} of a {@code grpc-message}: the UTF-8 bytes below space, from {@code ~}
     * up, and {@code %} become {@code %XX}.
     */
    public static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < ' ' || c >= '~' || c == '%') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
