package dev.meshguard.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Tokens for the demo, signed with Istio's public sample key: the sample's valid one, an expired one, a foreign one. */
final class DemoTokens {
    private final Path samples;

    DemoTokens(Path samples) {
        this.samples = samples;
    }

    String valid() throws Exception {
        return Files.readString(samples.resolve("demo.jwt")).trim();
    }

    /** Signed by the right key, but expired an hour ago. */
    String expired() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return sign("{\"iss\":\"testing@secure.istio.io\",\"sub\":\"testing@secure.istio.io\",\"iat\":" + (now - 7200)
                + ",\"exp\":" + (now - 3600) + "}");
    }

    /** Signed by the right key, but naming an issuer no policy trusts. */
    String wrongIssuer() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return sign("{\"iss\":\"someone-else@example.com\",\"sub\":\"mallory\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
    }

    private String sign(String claims) throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"DHFbpoIUqrY8t2zpA2qXfCmr5VO5ZEr4RzHU_-envvQ\",\"typ\":\"JWT\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(rsa.sign());
    }

    private PrivateKey privateKey() throws Exception {
        String pem = Files.readString(samples.resolve("key-pkcs8.pem"));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
