package dev.meshguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Istio's Bookinfo seed policies with Istio's sample JWKS inline, and the sample's valid token. */
public final class Seed {
    private Seed() {
    }

    public static String resource(String name) throws IOException {
        try (InputStream in = Seed.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    public static String policies() throws IOException {
        String jwks = resource("/vectors/istio-jwt-samples/jwks.json").replace("\n", " ");
        return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt-example, namespace: istio-system}\n"
                + "spec:\n  jwtRules:\n  - issuer: testing@secure.istio.io\n    jwks: '" + jwks + "'\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: require-jwt, namespace: istio-system}\n"
                + "spec:\n  action: DENY\n  rules:\n  - from: [{source: {notRequestPrincipals: ['*']}}]\n"
                + "    to: [{operation: {notPaths: [/productpage]}}]\n";
    }

    public static String demoToken() throws IOException {
        return resource("/vectors/istio-jwt-samples/demo.jwt");
    }
}
