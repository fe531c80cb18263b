package dev.meshguard.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /healthz} (200 while policies are in force, 503 while
 * failing closed) on the JDK's own HTTP server, on a daemon thread.
 */
public final class MetricsServer implements Closeable {
    private final HttpServer server;

    public MetricsServer(int port, final Registry registry, final BooleanSupplier healthy) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", ex -> {
            StringBuilder sb = new StringBuilder(4096);
            registry.write(sb);
            send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", sb.toString());
        });
        server.createContext("/healthz", ex -> {
            boolean ok = healthy.getAsBoolean();
            send(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "failing closed\n");
        });
        server.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "meshguard-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() { return server.getAddress().getPort(); }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
