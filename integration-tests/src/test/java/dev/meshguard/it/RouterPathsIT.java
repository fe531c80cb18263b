package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path each Vert.x application routes on, against a DENY on {@code /admin} and {@code /admin/*}: every target is
 * first sent to the application alone, which shows where it routes it; then with Meshguard, where whatever the
 * application would route under {@code /admin} must be refused (403 on the router's reading, or 400), and nothing
 * reaches it there. A plain handler routes on the raw path; a Vert.x Web router on its normalised path; Quarkus REST
 * on that, except that a {@code ;} anywhere makes RESTEasy Reactive strip parameters per segment and decode every
 * escape, so {@code /admin%2Fx;m=1} is served by {@code /admin/x}.
 */
class RouterPathsIT {
    static final List<String> TARGETS = List.of("/admin/x", "/admin", "//admin/x", "/admin//x", "/%61dmin/x",
            "/a/../admin/x", "/admin/%2e%2e/admin/x", "/x/%2E%2E/admin/x", "/admin%2Fx", "/admin%2fx", "/admin\\x",
            "/ADMIN/x", "/admin;a=b/x", "/admin/x;a=b", "/adm%69n;/x", "/admin/x;", "/admin%2Fx;m=1", "/admin%2fx;",
            "/;/admin/x", "/admin/;/x", "/x;a=b/..;/admin/x", "/admin%252Fx;m=1", "/x/..;/admin/x", "/admin%5Cx;",
            "/admin/x#frag", "/x#/../admin/x", "/admin%zz", "/public/x");

    @TempDir
    Path policies;

    static String policy() {
        return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-admin, namespace: default}\n"
                + "spec:\n  action: DENY\n  rules: [{to: [{operation: {paths: ['/admin', '/admin/*']}}]}]\n";
    }

    static boolean underAdmin(String routed) {
        return routed != null && (routed.equals("/admin") || routed.startsWith("/admin/"));
    }

    private static Map<String, RawHttp.Response> send(ServerProcess server) throws Exception {
        Map<String, RawHttp.Response> out = new LinkedHashMap<>();
        for (String target : TARGETS) {
            RawHttp.Response r = RawHttp.get(server.port, target, "127.0.0.1:" + server.port);
            out.put(target, r);
        }
        return out;
    }

    static List<Apps.Line> lines() {
        return Apps.Line.named("VERTX45", "VERTX45_WEB", "VERTX50", "VERTX50_WEB", "QUARKUS");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void whatTheRouterWouldServeUnderADeniedPathIsRefused(Apps.Line line) throws Exception {
        Map<String, RawHttp.Response> alone;
        try (ServerProcess server = ServerProcess.startWithoutAgent(ServerProcess.JDK17, line)) {
            alone = send(server);
        }
        Files.writeString(policies.resolve("p.yaml"), policy());
        Map<String, RawHttp.Response> guarded;
        boolean refusalsLogged;
        String log;
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            guarded = send(server);
            refusalsLogged = server.printed(" 400 meshguard_ambiguous_path");
            log = server.output();
        }
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (String target : TARGETS) {
            RawHttp.Response a = alone.get(target);
            RawHttp.Response g = guarded.get(target);
            String routedAlone = a.headers().get("x-routed-path");
            String routed = g.headers().get("x-routed-path");
            table.append(String.format("%-24s alone %d %-22s guarded %d %s%n", target, a.status(),
                    routedAlone == null ? "" : routedAlone, g.status(), routed == null ? "" : routed));
            if (g.reachedApplication() && underAdmin(routed)) {
                wrong.add(target + " reached " + routed);
            }
            if (underAdmin(routedAlone) && g.status() != 403 && g.status() != 400) {
                wrong.add(target + " is routed to " + routedAlone + " but answered " + g.status());
            }
            if (!underAdmin(routedAlone) && a.status() != g.status() && g.status() != 400 && g.status() != 403) {
                wrong.add(target + ": " + a.status() + " alone, " + g.status() + " guarded");
            }
        }
        System.out.println(line + ":\n" + table);
        assertTrue(wrong.isEmpty(), () -> line + ": " + wrong + "\n" + table + log);
        assertTrue(refusalsLogged, "the refusals are decisions, logged: " + log);
        expect(line, alone, guarded);
    }

    /** What each kind of application is known to do with the tricky targets, alone and with Meshguard. */
    private static void expect(Apps.Line line, Map<String, RawHttp.Response> alone, Map<String, RawHttp.Response> guarded) {
        if (line == Apps.Line.QUARKUS) {
            assertEquals("/admin/x", alone.get("/admin%2Fx;m=1").headers().get("x-routed-path"),
                    "without Meshguard, Quarkus REST serves /admin%2Fx;m=1 as /admin/x");
            for (String t : List.of("/admin%2Fx;m=1", "/admin%2fx;", "/;/admin/x", "/x;a=b/..;/admin/x",
                    "/admin%252Fx;m=1", "/admin%5Cx;")) {
                assertEquals(400, guarded.get(t).status(), t);
            }
            for (String t : List.of("/admin;a=b/x", "/admin/x;a=b", "/adm%69n;/x", "/admin/x;")) {
                assertEquals(403, guarded.get(t).status(), t + ": decided on RESTEasy's /admin/x");
            }
            assertEquals("/admin%2Fx", guarded.get("/admin%2Fx").headers().get("x-routed-path"),
                    "without ';' RESTEasy matches %2F as it is, as Envoy does");
        } else if (line.routesOnRawPath()) {
            for (String t : List.of("//admin/x", "/%61dmin/x", "/a/../admin/x", "/admin\\x")) {
                assertEquals(400, guarded.get(t).status(), t + ": the raw path differs from Envoy's reading");
            }
            assertEquals("/admin;a=b/x", guarded.get("/admin;a=b/x").headers().get("x-routed-path"));
        } else {
            assertEquals("/admin/x", alone.get("//admin/x").headers().get("x-routed-path"), "the router merges //");
            for (String t : List.of("//admin/x", "/admin//x", "/%61dmin/x", "/a/../admin/x", "/admin/%2e%2e/admin/x")) {
                assertEquals(403, guarded.get(t).status(), t + ": decided on the router's /admin/x");
            }
            assertEquals(400, guarded.get("/admin%zz").status(), "the router refuses a malformed escape");
            assertEquals("/admin;a=b/x", guarded.get("/admin;a=b/x").headers().get("x-routed-path"),
                    "Vert.x Web keeps ';' parameters");
        }
        assertEquals(200, guarded.get("/public/x").status());
    }
}
