package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On every server line, a request whose host or path Meshguard reads differently from Envoy is still denied wherever
 * Istio would deny it, and never reaches the application: hosts with and without a port against {@code hosts} and
 * {@code notHosts}, paths with parameters, doubled slashes and dot segments against {@code paths} and {@code notPaths},
 * under ALLOW and DENY.
 */
class ReadingsIT {
    @TempDir
    Path policies;

    static String policy() {
        String ap = "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: %s, namespace: default}\nspec:\n%s\n";
        return String.format(ap, "deny-writes-outside", "  action: DENY\n  rules: [{to: [{operation: {methods: [DELETE], notHosts: [internal.example]}}]}]")
                + String.format(ap, "deny-blocked-host", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/h/*'], hosts: [blocked.example]}}]}]")
                + String.format(ap, "deny-admin", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/admin*']}}]}]")
                + String.format(ap, "deny-exact", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/secret']}}]}]")
                + String.format(ap, "allow", "  rules:\n  - to: [{operation: {notPaths: ['/only/*']}}]\n"
                        + "  - to: [{operation: {paths: ['/only/host'], hosts: [internal.example]}}]\n"
                        + "  - to: [{operation: {paths: ['/only/path']}}]");
    }

    /** A request, and whether Istio would deny it: then it must be refused and never reach the application. */
    record Case(String method, String target, String host, boolean istioDenies) { }

    static List<Case> cases(int port) {
        return List.of(
                new Case("DELETE", "/x", "internal.example", false),
                new Case("DELETE", "/x", "internal.example:" + port, true),
                new Case("DELETE", "/x", "other.example", true),
                new Case("GET", "/h/x", "blocked.example", true),
                new Case("GET", "/h/x", "blocked.example:" + port, false),
                new Case("GET", "/h/x", "Blocked.Example.", false),
                new Case("GET", "/only/host", "internal.example", false),
                new Case("GET", "/only/host", "internal.example:" + port, true),
                new Case("GET", "/only/path", "internal.example", false),
                new Case("GET", "/only/path;x=1", "internal.example", true),
                new Case("GET", "//only/path", "internal.example", false),
                new Case("GET", "//only/other", "internal.example", false),
                new Case("GET", "/only//other", "internal.example", true),
                new Case("GET", "/only/%70ath", "internal.example", false),
                new Case("GET", "/only/x/../path", "internal.example", false),
                new Case("GET", "/only/other", "internal.example", true),
                new Case("GET", "/admin", "internal.example", true),
                new Case("GET", "/public/../admin", "internal.example", true),
                new Case("GET", "/public/%2e%2e/admin", "internal.example", true),
                new Case("GET", "/%61dmin", "internal.example", true),
                new Case("GET", "/admin;jsessionid=1", "internal.example", true),
                new Case("GET", "/secret", "internal.example", true),
                new Case("GET", "/secret;x", "internal.example", false),
                new Case("GET", "/public/x", "internal.example", false));
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.Apps$Line#servers")
    void aDeviationFromEnvoyNeverAllowsWhatIstioDenies(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), policy());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            List<String> wrong = new ArrayList<>();
            for (Case c : cases(server.port)) {
                RawHttp.Response r = send(server.port, c);
                if (r == null) {
                    wrong.add(c + ": no answer");
                } else if (c.istioDenies() && (r.reachedApplication() || r.status() < 400)) {
                    wrong.add(c + " -> " + r.status() + (r.reachedApplication() ? " reached the application" : ""));
                } else if (!c.istioDenies() && r.status() >= 500) {
                    wrong.add(c + " -> " + r.status());
                }
            }
            assertTrue(wrong.isEmpty(), () -> line + ": " + wrong + "\n" + server.output());
            String log = server.output();
            assertTrue(log.contains("deny DELETE /x 403 rbac_access_denied_matched_policy[ns[default]-policy[deny-writes-outside]-rule[0]] as Envoy reads it"), log);
            assertTrue(log.contains("deny GET /only/host 403 rbac_access_denied_matched_policy[none] as Envoy reads it"), log);
        }
    }

    private static RawHttp.Response send(int port, Case c) throws Exception {
        String req = c.method() + " " + c.target() + " HTTP/1.1\r\nHost: " + c.host() + "\r\nConnection: close\r\n\r\n";
        List<RawHttp.Response> all = RawHttp.exchange(port, req.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 5000);
        return all.isEmpty() ? null : all.get(0);
    }
}
