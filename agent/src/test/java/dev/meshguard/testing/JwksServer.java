package dev.meshguard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real JWKS server on loopback, over HTTP or HTTPS (a self-signed certificate made with the JDK's keytool):
 * serves {@code /jwks.json} (replaceable at run time, or failing with 500) and an OpenID discovery document at
 * {@code /.well-known/openid-configuration}. Counts the key-set fetches.
 */
public final class JwksServer implements AutoCloseable {
    private static Path tlsDir;

    private final HttpServer server;
    private volatile String jwks;
    private volatile int status = 200;
    private volatile long delayMillis;
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksServer(HttpServer server, String jwks) {
        this.server = server;
        this.jwks = jwks;
        server.createContext("/jwks.json", this::keys);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.start();
    }

    public static JwksServer http(String jwks) throws IOException {
        return new JwksServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), jwks);
    }

    public static JwksServer https(String jwks) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(tls().resolve("server.p12").toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new JwksServer(s, jwks);
    }

    /** The PKCS12 key store (password {@code changeit}) of the HTTPS servers' certificate. */
    public static Path keyStore() throws Exception {
        return tls().resolve("server.p12");
    }

    /** The PEM of the HTTPS server's self-signed certificate, to pass as MESHGUARD_JWKS_CA_FILE. */
    public static Path caFile() throws Exception {
        return tls().resolve("ca.pem");
    }

    private static synchronized Path tls() throws Exception {
        if (tlsDir == null) {
            Path dir = Files.createTempDirectory("meshguard-tls");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "jwks", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3",
                    "-keystore", dir.resolve("server.p12").toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit");
            run(keytool, "-exportcert", "-rfc", "-alias", "jwks", "-keystore", dir.resolve("server.p12").toString(),
                    "-storepass", "changeit", "-file", dir.resolve("ca.pem").toString());
            tlsDir = dir;
        }
        return tlsDir;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    public String base() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUri() { return base() + "/jwks.json"; }

    public void jwks(String json) { jwks = json; }

    /** Makes key-set fetches answer {@code code} (500 to simulate an outage), or 200 again. */
    public void status(int code) { status = code; }

    public int fetches() { return fetches.get(); }

    /** Makes every answer wait this long first (a slow endpoint). */
    public void delay(long millis) { delayMillis = millis; }

    private void keys(HttpExchange ex) throws IOException {
        fetches.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        respond(ex, status, status == 200 ? jwks : "unavailable");
    }

    private void discovery(HttpExchange ex) throws IOException {
        respond(ex, 200, "{\"issuer\":\"" + base() + "\",\"jwks_uri\":\"" + jwksUri() + "\"}");
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
