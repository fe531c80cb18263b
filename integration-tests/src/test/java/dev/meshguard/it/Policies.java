package dev.meshguard.it;


/** The policies of the tests: Istio's Bookinfo seed, with the sample JWKS inline. */
final class Policies {
    private Policies() {
    }

    static String resource(String name) throws Exception {
        try (java.io.InputStream in = Policies.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    static String demoToken() throws Exception {
        return resource("/vectors/istio-jwt-samples/demo.jwt");
    }

    /** The seed: a RequestAuthentication for Istio's sample issuer and the DENY with the double negation. */
    static String seed() throws Exception {
        String jwks = resource("/vectors/istio-jwt-samples/jwks.json").replace("\n", " ");
        return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt-example, namespace: istio-system}\n"
                + "spec:\n  jwtRules:\n  - issuer: testing@secure.istio.io\n    jwks: '" + jwks + "'\n"
                + "    outputClaimToHeaders: [{header: x-jwt-sub, claim: sub}]\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: require-jwt, namespace: istio-system}\n"
                + "spec:\n  action: DENY\n  rules:\n  - from: [{source: {notRequestPrincipals: ['*']}}]\n"
                + "    to: [{operation: {notPaths: [/productpage]}}]\n";
    }

    /** Replaces the policy {@code file} at once, as a ConfigMap update does. */
    static void replace(java.nio.file.Path file, String text) throws Exception {
        java.nio.file.Path tmp = file.resolveSibling(".policies.yaml.tmp");
        java.nio.file.Files.writeString(tmp, text);
        java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A DENY for one path, added by the reload test. */
    static String denyPath(String path) {
        return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-extra, namespace: default}\n"
                + "spec:\n  action: DENY\n  rules: [{to: [{operation: {paths: ['" + path + "']}}]}]\n";
    }

    static String tampered(String token) {
        int at = token.lastIndexOf('.') + 10;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
