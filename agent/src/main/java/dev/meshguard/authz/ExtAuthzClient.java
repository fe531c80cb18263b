package dev.meshguard.authz;

import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.log.Logger;

import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Envoy's HTTP external-authorization protocol, client side: the request's method, path and headers (no body) are
 * sent to the authorizer under its URL; a 2xx answer allows, any other answer denies with the authorizer's status,
 * body and headers (names lower-cased), and an error or timeout denies with 403. Speaks HTTP/1.1 over a plain or TLS socket, so every
 * method (PATCH included) passes through unchanged.
 */
final class ExtAuthzClient {
    private static final Logger LOG = Logger.get(ExtAuthzClient.class);
    private static final int MAX_BODY = 64 * 1024;

    private final URI base;
    private final int timeoutMillis;

    ExtAuthzClient(String url, Duration timeout) {
        this.base = URI.create(url);
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Asks the authorizer; {@code explanation} names the policy for the decision. */
    Decision check(RequestView request, String explanation) {
        try (Socket socket = connect()) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(requestText(request).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), explanation);
        } catch (IOException | RuntimeException e) {
            LOG.warn("external authorizer {} failed ({}); the request is denied", base, e.toString());
            return Authorizer.deny(403, "", Collections.<String, String>emptyMap(),
                    explanation + ": external authorizer unavailable", Collections.<String>emptyList(), false);
        }
    }

    private Socket connect() throws IOException {
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(base.getHost(), port), timeoutMillis);
        if (!tls) {
            return plain;
        }
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, base.getHost(), port, true);
    }

    private String requestText(RequestView request) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String target = request.rawTarget() == null ? request.path() : request.rawTarget();
        StringBuilder sb = new StringBuilder();
        sb.append(request.method()).append(' ').append(prefix).append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(base.getHost()).append(base.getPort() > 0 ? ":" + base.getPort() : "").append("\r\n");
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-length") || lower.equals("transfer-encoding")
                    || lower.equals("connection") || lower.equals("expect") || lower.equals("upgrade")) {
                continue;
            }
            for (String value : request.headers(name)) {
                sb.append(name).append(": ").append(value.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
            }
        }
        if (request.host() != null) {
            sb.append("X-Forwarded-Host: ").append(request.host()).append("\r\n");
        }
        sb.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        return sb.toString();
    }

    private static Decision read(InputStream in, String explanation) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        int length = -1;
        String h;
        while (!(h = line(in)).isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (!lower.equals("connection") && !lower.equals("transfer-encoding")
                        && !lower.equals("content-type") && !lower.equals("date") && !lower.equals("server")) {
                    headers.put(lower, value);
                }
            }
        }
        if (status >= 200 && status < 300) {
            return Authorizer.allow(explanation + ": external authorizer allowed", Collections.<String>emptyList(), false);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int limit = length >= 0 ? Math.min(length, MAX_BODY) : MAX_BODY;
        int b;
        while (body.size() < limit && (b = in.read()) >= 0) {
            body.write(b);
        }
        return Authorizer.deny(status, new String(body.toByteArray(), StandardCharsets.UTF_8), headers,
                explanation + ": external authorizer denied with " + status, Collections.<String>emptyList(), false);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
            if (sb.length() > 8192) {
                throw new IOException("header line too long");
            }
        }
        if (c < 0 && sb.length() == 0) {
            throw new IOException("connection closed");
        }
        return sb.toString();
    }
}
