package dev.meshguard.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Peer identity end to end: the server (every line with TLS) terminates mutual TLS, the client
 * certificate's SPIFFE URI becomes Istio's {@code source.principal}, and an AuthorizationPolicy on {@code principals}
 * decides; the server name the client asked for in its handshake is {@code connection.sni}.
 */
class MutualTlsIT {
    @TempDir
    static Path dir;

    /** The certificates, made once for every line: keytool runs take seconds. */
    @BeforeAll
    static void certificates() throws Exception {
        keyPair("server", "ip:127.0.0.1,dns:localhost");
        keyPair("sleep", "uri:spiffe://cluster.local/ns/default/sa/sleep");
        keyPair("other", "uri:spiffe://cluster.local/ns/prod/sa/other");
        trust("server-trust.p12", "sleep", "other");
        trust("client-trust.p12", "server");
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(ServerProcess.JDK17, "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private static void keyPair(String name, String san) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-validity", "2", "-keystore", dir.resolve(name + ".p12").toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", dir.resolve(name + ".p12").toString(),
                "-storepass", "changeit", "-file", dir.resolve(name + ".pem").toString());
    }

    private static void trust(String store, String... certs) throws Exception {
        for (String c : certs) {
            keytool("-importcert", "-noprompt", "-alias", c, "-file", dir.resolve(c + ".pem").toString(),
                    "-keystore", dir.resolve(store).toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        }
    }

    private HttpClient client(String identity) throws Exception {
        return client(identity, HttpClient.Version.HTTP_2);
    }

    private HttpClient client(String identity, HttpClient.Version version) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir.resolve(identity + ".p12").toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir.resolve("client-trust.p12").toFile())) {
            ts.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(version).build();
    }

    static List<Apps.Line> lines() {
        return Apps.Line.named("TOMCAT9", "TOMCAT11", "JETTY9", "JETTY11", "JETTY121", "UNDERTOW22", "UNDERTOW23", "NETTY41",
                "NETTY42", "WEBFLUX35", "WEBFLUX40", "VERTX45", "VERTX45_WEB", "VERTX50", "VERTX50_WEB",
                "QUARKUS", "MICRONAUT");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void theClientCertificatesSpiffeIdIsTheSourcePrincipal(Apps.Line line) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies-" + line));
        Files.writeString(policies.resolve("p.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: only-sleep, namespace: default}\nspec:\n  rules:\n"
                + "  - from: [{source: {principals: [cluster.local/ns/default/sa/sleep]}}]\n"
                + "  - from: [{source: {namespaces: [prod]}}]\n    to: [{operation: {paths: [/public]}}]\n"
                + "  - to: [{operation: {paths: [/by-name]}}]\n    when: [{key: connection.sni, values: [localhost]}]\n");
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()), "mtls",
                dir.resolve("server.p12").toString(), dir.resolve("server-trust.p12").toString())) {
            String base = "https://127.0.0.1:" + server.port;
            HttpResponse<String> sleep = client("sleep").send(HttpRequest.newBuilder(URI.create(base + "/orders")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sleep.statusCode(), server::output);
            if (line.webFlux()) {
                assertEquals(HttpClient.Version.HTTP_2, sleep.version(), "an HTTP/2 stream, whose TLS is its connection's");
            }
            HttpResponse<String> other = client("other").send(HttpRequest.newBuilder(URI.create(base + "/orders")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, other.statusCode());
            HttpResponse<String> otherPublic = client("other").send(HttpRequest.newBuilder(URI.create(base + "/public")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, otherPublic.statusCode(), "namespaces come from the same SPIFFE ID");
            HttpResponse<String> byName = client("other").send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port + "/by-name")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, byName.statusCode(), "the client sent SNI localhost: " + server.output());
            HttpResponse<String> byAddress = client("other").send(HttpRequest.newBuilder(URI.create(base + "/by-name")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, byAddress.statusCode(), "no SNI is sent for an IP address");
            if (line == Apps.Line.MICRONAUT) {
                // Micronaut serves HTTP/2 (above) and HTTP/1.1 over TLS through different handlers
                HttpResponse<String> http1 = client("other", HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.port + "/by-name")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_1_1, http1.version());
                assertEquals(200, http1.statusCode(), "SNI over HTTP/1.1 too");
                HttpResponse<String> otherHttp1 = client("other", HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(
                        URI.create(base + "/orders")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, otherHttp1.statusCode(), "the client certificate over HTTP/1.1 too");
                assertEquals(HttpClient.Version.HTTP_2, sleep.version(), "and the requests above were HTTP/2");
            }
        }
    }
}
