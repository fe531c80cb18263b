package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A differential test of odd and malformed HTTP/1.1 requests, written byte for byte, on every server line: each is
 * sent to the server (a) without the agent, (b) with the agent and a policy that allows everything, and (c) with the
 * agent, a RequestAuthentication and a DENY on {@code /protected} without a JWT. With (b) every answer is the
 * server's own (the paths Meshguard refuses as ambiguous excepted); with (c) the protected handler never runs, what
 * the server alone rejects gets the server's own status, no request gets a 5xx it did not get without the agent, and no
 * hook ever fails.
 */
class RawRequestsIT {
    /** Statuses a server answers by itself, before routing, to requests it cannot or will not read. */
    static final Set<Integer> SERVER_REFUSALS = Set.of(400, 413, 414, 431, 501, 505);

    /**
     * What Meshguard refuses with 400 on WebFlux although Spring would route it, by design: targets Spring's router
     * reads otherwise than a policy would (an escaped slash decoded inside a segment, raw non-ASCII, the empty path of
     * {@code *} and CONNECT, which {@code /**} matches) and an absolute-form authority that is not the Host Spring keeps.
     */
    static final Set<String> REFUSED_ON_WEBFLUX = Set.of("absolute-form to another host", "asterisk-form", "CONNECT",
            "encoded slash", "non-ASCII bytes in the path");

    @TempDir
    Path dir;

    /** One raw request: its bytes (given the port), and whether Meshguard may refuse it as an ambiguous path. */
    record Raw(String name, IntFunction<byte[]> bytes, boolean ambiguousPath) {
        static Raw of(String name, String text) {
            return new Raw(name, port -> text.replace("{port}", String.valueOf(port)).getBytes(StandardCharsets.ISO_8859_1), false);
        }

        static Raw ambiguous(String name, String text) {
            return new Raw(name, of(name, text).bytes(), true);
        }

        static Raw bytes(String name, byte[]... parts) {
            return new Raw(name, port -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (byte[] p : parts) {
                    out.writeBytes(new String(p, StandardCharsets.ISO_8859_1).replace("{port}", String.valueOf(port))
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
                return out.toByteArray();
            }, false);
        }
    }

    static final String HOST = "Host: 127.0.0.1:{port}\r\n";
    static final String CLOSE = "Connection: close\r\n\r\n";

    static String get(String target, String headers) {
        return "GET " + target + " HTTP/1.1\r\n" + HOST + headers + CLOSE;
    }

    static List<Raw> requests() {
        String big = "x".repeat(20_000);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        return List.of(
                Raw.of("plain", get("/protected", "")),
                Raw.of("oversized header", get("/protected", "X-Big: " + big + "\r\n")),
                Raw.of("oversized request line", get("/protected/" + big, "")),
                Raw.of("oversized cookie", get("/protected", "Cookie: a=" + big + "\r\n")),
                Raw.of("oversized query", get("/protected?q=" + big, "")),
                Raw.of("150 headers", get("/protected", many.toString())),
                Raw.of("header without colon", get("/protected", "NoColonHere\r\n")),
                Raw.of("space in header name", get("/protected", "Bad Name: x\r\n")),
                Raw.of("empty header name", get("/protected", ": x\r\n")),
                Raw.of("obs-fold", get("/protected", "X-Folded: a\r\n  b\r\n")),
                Raw.of("NUL in header value", get("/protected", "X-Nul: a\u0000b\r\n")),
                Raw.of("control byte in header value", get("/protected", "X-Ctl: a\u0001b\r\n")),
                Raw.of("bad method", "G@T /protected HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("lowercase method", "get /protected HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("no Host", "GET /protected HTTP/1.1\r\n" + CLOSE),
                Raw.of("two Hosts", get("/protected", "Host: other.example\r\n")),
                Raw.of("bad Host", "GET /protected HTTP/1.1\r\nHost: a b\r\n" + CLOSE),
                Raw.of("empty Host", "GET /protected HTTP/1.1\r\nHost:\r\n" + CLOSE),
                Raw.of("bad Content-Length", "POST /protected HTTP/1.1\r\n" + HOST + "Content-Length: abc\r\n" + CLOSE),
                Raw.of("Content-Length and Transfer-Encoding", "POST /protected HTTP/1.1\r\n" + HOST
                        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"),
                Raw.of("two different Content-Lengths", "POST /protected HTTP/1.1\r\n" + HOST
                        + "Content-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"),
                Raw.of("unsupported Transfer-Encoding", "POST /protected HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n"),
                Raw.of("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                Raw.of("absolute-form target", "GET http://127.0.0.1:{port}/protected HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("absolute-form to another host", "GET http://other.example/protected HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("asterisk-form", "OPTIONS * HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("CONNECT", "CONNECT 127.0.0.1:{port} HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("HTTP/0.9", "GET /protected\r\n\r\n"),
                Raw.of("HTTP/1.0 without Host", "GET /protected HTTP/1.0\r\n\r\n"),
                Raw.of("HTTP/1.2", "GET /protected HTTP/1.2\r\n" + HOST + CLOSE),
                Raw.of("bad percent-encoding", get("/protected%zz", "")),
                Raw.ambiguous("%00 in the path", get("/prot%00ected", "")),
                Raw.ambiguous("dot segment", get("/public/../protected", "")),
                Raw.ambiguous("encoded dot segment", get("/public/%2e%2e/protected", "")),
                Raw.of("encoded slash", get("/public%2F..%2Fprotected", "")),
                Raw.bytes("non-ASCII bytes in the path", "GET /prot\u00c3\u00a9cted HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1),
                        (HOST + CLOSE).getBytes(StandardCharsets.ISO_8859_1)),
                Raw.of("non-ASCII header value", get("/protected", "X-Name: caf\u00e9\r\n")),
                Raw.of("Bearer with no token", get("/protected", "Authorization: Bearer\r\n")),
                Raw.of("Bearer with an empty token", get("/protected", "Authorization: Bearer   \r\n")),
                Raw.of("empty Authorization", get("/protected", "Authorization:\r\n")),
                Raw.of("garbage token", get("/protected", "Authorization: Bearer a.b.c\r\n")),
                Raw.of("huge token", get("/protected", "Authorization: Bearer " + "a".repeat(7000) + "\r\n")),
                Raw.of("fragment", get("/protected#frag", "")),
                Raw.of("backslashes", get("/public\\..\\protected", "")),
                Raw.of("tab in the request line", "GET\t/protected HTTP/1.1\r\n" + HOST + CLOSE),
                Raw.of("Expect 100-continue", "POST /protected HTTP/1.1\r\n" + HOST
                        + "Expect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"),
                Raw.of("pipelined", "GET /public/x HTTP/1.1\r\n" + HOST + "\r\nGET /protected HTTP/1.1\r\n" + HOST
                        + "\r\nGET /public/y HTTP/1.1\r\n" + HOST + CLOSE));
    }

    static String allowAll() {
        return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-all, namespace: default}\n"
                + "spec: {rules: [{}]}\n";
    }

    static String denyProtected() throws Exception {
        String ra = Policies.seed().substring(0, Policies.seed().indexOf("---"));
        return ra + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: protect, namespace: default}\nspec:\n  action: DENY\n  rules:\n"
                + "  - from: [{source: {notRequestPrincipals: ['*']}}]\n    to: [{operation: {paths: ['/protected*']}}]\n";
    }

    /** Every request's answers (a pipelined request has several), on a server started as {@code start} says. */
    private List<List<RawHttp.Response>> answers(ServerProcess server) throws Exception {
        List<List<RawHttp.Response>> out = new ArrayList<>();
        for (Raw r : requests()) {
            out.add(RawHttp.exchange(server.port, r.bytes().apply(server.port), 1500));
        }
        return out;
    }

    /** The policy file of each server started with the agent, for the reload between (b) and (c). */
    private final Map<ServerProcess, Path> policyFiles = new java.util.HashMap<>();

    /**
     * {@code line}'s server, warmed up by one ordinary request: the differential compares answers, and a server that
     * prepares itself on its first request (Micronaut) may otherwise miss the silence the raw exchanges wait for.
     */
    private ServerProcess start(Apps.Line line, boolean agent, String policy) throws Exception {
        ServerProcess server;
        if (!agent) {
            server = ServerProcess.startWithoutAgent(ServerProcess.JDK17, line);
        } else {
            Path p = Files.createTempDirectory(dir, "p");
            Files.writeString(p.resolve("policies.yaml"), policy);
            server = ServerProcess.start(ServerProcess.JDK17, line, false, null, Map.of("MESHGUARD_POLICY_PATH", p.toString(),
                    "MESHGUARD_RELOAD_INTERVAL", "200ms"));
            policyFiles.put(server, p.resolve("policies.yaml"));
        }
        try {
            Http.get(server.url("/public/warm-up"));
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.Apps$Line#servers")
    void malformedRequestsGetTheServersOwnAnswers(Apps.Line line) throws Exception {
        List<List<RawHttp.Response>> plain;
        try (ServerProcess server = start(line, false, null)) {
            plain = answers(server);
        }
        // (b) and (c) on one server: the allow-all policy, then the DENY on /protected once a reload put it in force
        List<List<RawHttp.Response>> allowing;
        List<List<RawHttp.Response>> denying;
        String log;
        try (ServerProcess server = start(line, true, allowAll())) {
            allowing = answers(server);
            Policies.replace(policyFiles.get(server), denyProtected());
            server.awaitStatus("/protected/reloaded", 403);
            denying = answers(server);
            log = server.output();
        }
        List<Raw> requests = requests();
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            Raw r = requests.get(i);
            List<Integer> a = statuses(plain.get(i));
            List<Integer> b = statuses(allowing.get(i));
            List<Integer> c = statuses(denying.get(i));
            table.append(String.format("%-40s %-15s %-15s %s%n", r.name(), a, b, c));
            boolean refusedByDesign = (r.ambiguousPath() || line.webFlux() && REFUSED_ON_WEBFLUX.contains(r.name()))
                    && b.equals(List.of(400));
            if (!a.equals(b) && !refusedByDesign && !(line.routesOnRawPath() && onlyMore400s(a, b))) {
                problems.add(r.name() + ": allow-all " + b + " but " + a + " without the agent");
            }
            for (RawHttp.Response resp : denying.get(i)) {
                String routed = resp.headers().getOrDefault("x-routed-path", "");
                if (resp.reachedApplication() && routed.startsWith("/protected")) {
                    problems.add(r.name() + ": reached the protected handler (" + routed + ")");
                }
            }
            if (a.size() == 1 && SERVER_REFUSALS.contains(a.get(0)) && !a.equals(c)) {
                problems.add(r.name() + ": the server refuses it with " + a + " but the agent answered " + c);
            }
            for (int k = 0; k < c.size(); k++) {
                if (c.get(k) >= 500 && (k >= a.size() || a.get(k) < 500)) {
                    problems.add(r.name() + ": " + c + " with the agent, " + a + " without");
                }
            }
        }
        System.out.println(line + ": request, no agent, allow-all, deny\n" + table);
        assertFalse(log.contains("hook failed"), log);
        assertTrue(problems.isEmpty(), () -> line + ":\n" + String.join("\n", problems) + "\n\nrequest, no agent, allow-all, deny:\n" + table);
        assertEquals(List.of(403), statuses(denying.get(0)), "the plain protected request is denied");
    }

    /**
     * True when {@code withAgent} differs from {@code alone} only by 400s: where the application routes on the raw path,
     * Meshguard refuses every target that an Istio sidecar would read otherwise (absolute-form, {@code *}, a fragment,
     * a backslash, raw non-ASCII bytes, ...).
     */
    private static boolean onlyMore400s(List<Integer> alone, List<Integer> withAgent) {
        if (alone.size() != withAgent.size()) {
            return false;
        }
        for (int k = 0; k < alone.size(); k++) {
            if (!alone.get(k).equals(withAgent.get(k)) && withAgent.get(k) != 400) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> statuses(List<RawHttp.Response> answers) {
        List<Integer> out = new ArrayList<>();
        for (RawHttp.Response r : answers) {
            out.add(r.status());
        }
        return out;
    }
}
