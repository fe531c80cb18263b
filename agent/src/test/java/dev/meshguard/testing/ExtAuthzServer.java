package dev.meshguard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real external authorizer, run as its own process ({@link #start}): what it answers depends on the path it is
 * asked about, after the {@code /check} prefix. {@code /allow...} 200 (with {@code remove} in the path, it also asks
 * to remove {@code x-secret}); {@code /deny-chunked} 403 with a chunked body; {@code /deny-length} 401 with a
 * Content-Length body and a {@code www-authenticate} header; {@code /created} 201; {@code /slow} 200 after 3 s;
 * {@code /error} 503; {@code /echo...} 418 whose body is the request it received and the client's port.
 */
public final class ExtAuthzServer {

    public static void main(String[] args) throws Exception {
        HttpServer server;
        if (args.length > 0) {
            HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(args[0])) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            s.setHttpsConfigurator(new HttpsConfigurator(ctx));
            server = s;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ExtAuthzServer::answer);
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
    }

    private static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String what = path.startsWith("/check") ? path.substring("/check".length()) : path;
        if (what.startsWith("/allow")) {
            if (what.contains("remove")) {
                ex.getResponseHeaders().set("x-envoy-auth-headers-to-remove", "x-secret");
            }
            send(ex, 200, "", false);
        } else if (what.startsWith("/deny-chunked")) {
            ex.getResponseHeaders().set("x-reason", "chunked");
            send(ex, 403, "forbidden by policy", true);
        } else if (what.startsWith("/deny-length")) {
            ex.getResponseHeaders().set("www-authenticate", "Basic realm=\"authz\"");
            ex.getResponseHeaders().set("x-reason", "length");
            send(ex, 401, "who are you", false);
        } else if (what.startsWith("/created")) {
            send(ex, 201, "created", false);
        } else if (what.startsWith("/wait2s")) {
            sleep(2000);
            send(ex, 200, "", false);
        } else if (what.startsWith("/slow")) {
            sleep(3000);
            send(ex, 200, "", false);
        } else if (what.startsWith("/error")) {
            send(ex, 503, "overloaded", false);
        } else {
            StringBuilder body = new StringBuilder(ex.getRequestMethod() + " " + ex.getRequestURI().toString() + "\n");
            Map<String, List<String>> sorted = new TreeMap<>();
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                sorted.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
            }
            for (Map.Entry<String, List<String>> h : sorted.entrySet()) {
                body.append(h.getKey()).append(": ").append(String.join(",", h.getValue())).append('\n');
            }
            body.append("peer-port: ").append(ex.getRemoteAddress().getPort()).append('\n');
            body.append("body-bytes: ").append(ex.getRequestBody().readAllBytes().length).append('\n');
            send(ex, 418, body.toString(), false);
        }
    }

    private static void send(HttpExchange ex, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, chunked ? 0 : bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (chunked) {
                out.write(bytes, 0, 7);
                out.flush();
                out.write(bytes, 7, bytes.length - 7);
            } else {
                out.write(bytes);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The authorizer in its own JVM; https with {@link JwksServer#caFile()}'s certificate when {@code tls}. */
    public static Running start(boolean tls) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExtAuthzServer.class.getName()));
        if (tls) {
            command.add(JwksServer.keyStore().toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("READY ")) {
                        return Integer.parseInt(line.substring(6).trim());
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            throw new IllegalStateException("the authorizer exited");
        });
        try {
            return new Running(p, (tls ? "https" : "http") + "://127.0.0.1:" + port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** A running authorizer process. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final String base;

        Running(Process process, String base) {
            this.process = process;
            this.base = base;
        }

        /** {@code http://127.0.0.1:<port>} (or https). */
        public String base() { return base; }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
