package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Path tricks against every server, written as raw requests on a socket: with a token required everywhere except
 * {@code /public/*}, no request without a token may reach a handler under {@code /api}.
 */
class BypassIT {
    static final List<String> ATTACKS = List.of(
            "/public/../api/x", "/public/%2e%2e/api/x", "/public/%2E%2e/api/x", "/public/.%2e/api/x",
            "/public;x=/../api/x", "/api;jsessionid=1/x", "/api;/x", "/public/..;/api/x",
            "/public%2F..%2Fapi/x", "/public/..%2Fapi/x", "//api/x", "/public//../api/x",
            "/public/..\\api\\x", "/public/..%5Capi/x", "/public/%c0%ae%c0%ae/api/x", "/public/%25%32%65%25%32%65/api/x",
            "/api/x#fragment", "/api/x%23/../../public/y", "/public/x/../../api/x", "/%2Fapi/x",
            "http://other.example/api/x", "/./api/x", "/public/%2e%2e%2fapi/x");

    @TempDir
    Path policies;

    static String policy() throws Exception {
        return Policies.seed().substring(0, Policies.seed().indexOf("---"))
                + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: public-or-jwt, namespace: istio-system}\n"
                + "spec:\n  rules:\n  - to: [{operation: {paths: ['/public/*']}}]\n  - from: [{source: {requestPrincipals: ['*']}}]\n";
    }

    record Answer(int status, Map<String, String> headers) { }

    static Answer raw(int port, String target, String... headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) > 0) {
                buf.write(b, 0, n);
            }
            String text = buf.toString(StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                return new Answer(0, Map.of());
            }
            String[] lines = text.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return new Answer(status, h);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.Apps$Line#servers")
    void noPathTrickReachesAnApiHandlerWithoutAToken(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), policy());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            Answer publicPage = raw(server.port, "/public/x");
            assertEquals(200, publicPage.status(), server::output);
            assertEquals("/public/x", publicPage.headers().get("x-routed-path"));
            assertEquals(403, raw(server.port, "/api/x").status());
            Answer withToken = raw(server.port, "/api/x", "Authorization: Bearer " + Policies.demoToken());
            assertEquals(200, withToken.status());
            assertEquals("/api/x", withToken.headers().get("x-routed-path"));

            List<String> breaches = new ArrayList<>();
            for (String attack : ATTACKS) {
                Answer a = raw(server.port, attack);
                String routed = a.headers().get("x-routed-path");
                if (routed != null && routed.toLowerCase(Locale.ROOT).replace("//", "/").startsWith("/api")) {
                    breaches.add(attack + " -> " + a.status() + " routed to " + routed);
                }
            }
            assertTrue(breaches.isEmpty(), () -> line + " let through: " + breaches + "\n" + server.output());
        }
    }
}
