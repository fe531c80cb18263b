package dev.meshguard.it;

import dev.meshguard.testing.ExtAuthzServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the event-loop lines (Vert.x and Quarkus) do with request bodies and connections around a decision: a body held
 * while the external authorizer is asked reaches the application whole, over HTTP/1.1 and HTTP/2; the body of a denied
 * request is read and dropped, so the keep-alive connection goes on; a denied HEAD has the denial's headers and no
 * body; a denied request whose body waits for {@code 100-continue} gets its answer and its connection closed; a
 * WebSocket upgrade is decided like any request.
 */
class EventLoopRequestsIT {
    private static final int MB = 1 << 20;
    private static ExtAuthzServer.Running authorizer;

    @TempDir
    Path policies;

    @BeforeAll
    static void startAuthorizer() throws Exception {
        authorizer = ExtAuthzServer.start(false);
    }

    @AfterAll
    static void stopAuthorizer() throws Exception {
        authorizer.close();
    }

    private ServerProcess start(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("p.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: ext, namespace: default}\nspec:\n  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/wait2s*', '/deny-chunked*']}}]}]\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny, namespace: default}\n"
                + "spec:\n  action: DENY\n  rules: [{to: [{operation: {paths: ['/denied*']}}]}]\n");
        return ServerProcess.start(ServerProcess.JDK17, line, false, null, Map.of("MESHGUARD_POLICY_PATH",
                policies.toString(), "MESHGUARD_EXTAUTHZ_URL", authorizer.base() + "/check", "MESHGUARD_EXTAUTHZ_TIMEOUT", "5s"),
                "h2c");
    }

    static List<Apps.Line> lines() {
        return Apps.Line.named("VERTX45", "VERTX45_WEB", "VERTX50", "VERTX50_WEB", "QUARKUS");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void bodiesAndConnectionsAroundADecision(Apps.Line line) throws Exception {
        try (ServerProcess server = start(line)) {
            String body = "x".repeat(MB);
            HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> held = http1.send(post(server, "/wait2s", body), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, held.statusCode(), server::output);
            assertEquals(String.valueOf(MB), held.headers().firstValue("x-body-length").orElse(""),
                    "the body waited in Vert.x's buffer while the authorizer was asked");

            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            assertEquals(200, h2.send(HttpRequest.newBuilder(URI.create(server.url("/upgrade"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> heldH2 = h2.send(post(server, "/wait2s/h2", body), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, heldH2.version());
            assertEquals(200, heldH2.statusCode(), server::output);
            assertEquals(String.valueOf(MB), heldH2.headers().firstValue("x-body-length").orElse(""));
            HttpResponse<String> deniedH2 = h2.send(post(server, "/denied/h2", body), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, deniedH2.statusCode());
            assertEquals(200, h2.send(HttpRequest.newBuilder(URI.create(server.url("/after"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the stream's credit came back: the connection goes on");

            String host = "Host: 127.0.0.1:" + server.port + "\r\n";
            for (String denied : List.of("/denied", "/deny-chunked")) {
                byte[] request = (("POST " + denied + " HTTP/1.1\r\n" + host + "Content-Length: " + MB + "\r\n\r\n" + body
                        + "GET /next HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n")).getBytes(StandardCharsets.US_ASCII);
                List<RawHttp.Response> answers = RawHttp.exchange(server.port, request, 10_000);
                assertEquals(List.of(403, 200), answers.stream().map(RawHttp.Response::status).toList(),
                        denied + ": the denied body is dropped and the next request answered\n" + server.output());
                assertEquals("/next", answers.get(1).headers().get("x-routed-path"));
            }

            String head = raw(server.port, "HEAD /denied HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", 5000);
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
            assertTrue(head.toLowerCase().contains("content-length: 19\r\n"), head);
            assertTrue(head.endsWith("\r\n\r\n"), "no body after the headers: " + head);

            long start = System.nanoTime();
            String expect = raw(server.port, "POST /denied HTTP/1.1\r\n" + host + "Expect: 100-continue\r\n"
                    + "Content-Length: 10\r\n\r\n", 10_000);
            assertTrue(expect.startsWith("HTTP/1.1 403"), expect);
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "the connection was closed, not left waiting for the body");

            if (line.routesOnRawPath()) {
                webSockets(server);
            }
        }
    }

    /** A plain Vert.x server's WebSocket handler: a denied upgrade gets the denial and never reaches it. */
    private static void webSockets(ServerProcess server) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        CompletionException denied = assertThrows(CompletionException.class, () -> client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/denied/ws"), new WebSocket.Listener() { }).join());
        assertInstanceOf(WebSocketHandshakeException.class, denied.getCause(), server.output());
        assertEquals(403, ((WebSocketHandshakeException) denied.getCause()).getResponse().statusCode());

        CompletableFuture<String> message = new CompletableFuture<>();
        WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.complete(data.toString());
                        return null;
                    }
                }).join();
        String text = message.get(10, TimeUnit.SECONDS);
        assertTrue(text.endsWith(" path /ws"), text);
        assertFalse(text.contains("/denied"), text);
        ws.abort();
    }

    private static HttpRequest post(ServerProcess server, String path, String body) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Everything the server sends back until it closes the connection or is silent for {@code quietMillis}. */
    private static String raw(int port, String request, int quietMillis) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(quietMillis);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    buf.write(b, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                return buf.toString(StandardCharsets.ISO_8859_1) + "(still open)";
            }
            return buf.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
