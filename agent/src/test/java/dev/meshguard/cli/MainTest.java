package dev.meshguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line tools: validate and check on real policy files, and the settings list. */
class MainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, "meshguard-agent.jar", new PrintStream(out, true), new PrintStream(err, true));
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    static String seed() throws Exception {
        return dev.meshguard.testing.Seed.policies();
    }

    @Test
    void validateAcceptsTheSeed() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), seed());
        assertEquals(0, run("validate", dir.toString()), err());
        assertTrue(out().contains("1 RequestAuthentication, 1 AuthorizationPolicy, 0 warning(s)"), out());
    }

    @Test
    void validateReportsErrorsWithFileDocumentResourceAndField() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), seed() + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: deny-all, namespace: foo}\nspec: {rules: [{to: [{operation: {paths: ['/a/{**}/b/{*}']}}]}]}\n");
        assertEquals(2, run("validate", dir.toString()));
        assertEquals("error: bad.yaml doc 2 AuthorizationPolicy foo/deny-all: spec.rules[0].to[0].operation.paths[0]: "
                + "'/a/{**}/b/{*}': {**} must be the last operator of a path template\n", err());
    }

    @Test
    void validateWarnsAboutIstioPitfalls() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
                + "metadata: {name: jwt, namespace: foo}\nspec: {jwtRules: [{issuer: x, jwksUri: 'https://x/keys'}]}\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: inverted, namespace: foo}\n"
                + "spec:\n  rules:\n  - from: [{source: {notRequestPrincipals: ['*']}}]\n    to: [{operation: {notPaths: [/productpage], paths: [api/*]}}]\n");
        assertEquals(1, run("validate", dir.toString()), err());
        String o = out();
        assertTrue(o.contains("warning: p.yaml doc 1 AuthorizationPolicy foo/inverted: spec.rules[0].to[0].operation.paths[0]: "
                + "'api/*' does not start with '/' or '*', so it can never match a request path"), o);
        assertTrue(o.contains("spec.rules[0]: an ALLOW rule made only of notRequestPrincipals/notPaths"), o);
        assertTrue(o.contains("RequestAuthentication foo/jwt: no AuthorizationPolicy requires a request principal"), o);
    }

    @Test
    void checkExplainsDecisions() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), seed());
        String token = dev.meshguard.testing.Seed.demoToken();
        assertEquals(1, run("check", dir.toString(), "--request", "GET /api/v1/products/0"));
        assertTrue(out().startsWith("DENY 403 (DENY istio-system/require-jwt rule 0)\n  body: RBAC: access denied\n"
                + "  details: rbac_access_denied_matched_policy[ns[istio-system]-policy[require-jwt]-rule[0]]\n"), out());
        out.reset();
        assertEquals(0, run("check", dir.toString(), "--request", "GET /api/v1/products/0", "--header", "Authorization: Bearer " + token));
        assertEquals("ALLOW (no ALLOW policy applies)\n  remove header Authorization\n", out());
        out.reset();
        assertEquals(1, run("check", dir.toString(), "--request", "GET /productpage", "--header", "Authorization: Bearer " + token + "x"));
        assertTrue(out().startsWith("401 (JWT: Jwt signature is an invalid Base64url encoded)\n"
                + "  body: Jwt signature is an invalid Base64url encoded\n"
                + "  details: jwt_authn_access_denied{Jwt_signature_is_an_invalid_Base64url_encoded}\n"), out());
    }

    @Test
    void settingsListsEveryVariableWithItsDefault() {
        assertEquals(0, run("settings"), err());
        assertTrue(out().contains("MESHGUARD_POLICY_PATH  (-Dmeshguard.policy.path, agent argument policyPath)"), out());
        assertTrue(out().contains("past it the request is denied; default 1s"), out());
        for (dev.meshguard.config.Setting s : dev.meshguard.config.Setting.values()) {
            assertTrue(out().contains(s.environment() + "  "), s::name);
        }
        assertEquals(2, run("settings", "extra"));
    }

    @Test
    void misuseIsExplained() {
        assertEquals(2, run());
        assertTrue(err().contains("usage: java -jar meshguard-agent.jar"));
        err.reset();
        assertEquals(2, run("check", dir.toString(), "--request", "nonsense"));
        assertTrue(err().startsWith("error: --request must look like 'GET /path'"), err());
        err.reset();
        assertEquals(2, run("validate", dir.toString(), "--verbose", "yes"));
        assertTrue(err().startsWith("error: unknown option --verbose"), err());
    }
}
