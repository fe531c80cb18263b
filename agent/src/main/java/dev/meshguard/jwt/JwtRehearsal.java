package dev.meshguard.jwt;

import java.util.Set;

/**
 * Verifies tokens of the agent's own (RS256 and ES256, signed once with throw-away keys whose private halves were
 * never kept) on the path a request's token takes: key-set parsing, JWS parsing, jose4j's RSA and ECDSA algorithms and
 * the JVM's RSA and EC code. {@code WarmUp} runs it in the background at start-up for the algorithms the policies'
 * keys allow, so that the first request does not pay for loading and initialising all of that on the server's thread.
 * Nothing here is trusted for anything: the keys are never in any policy.
 */
public final class JwtRehearsal {
    /** One key set per token, so that a rehearsal parses only the kinds of key its algorithms need. */
    private static final String[] KEYS = {
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rs\",\"alg\":\"RS256\",\"n\":\""
            + "tF5DBY4ilBA36w9SCRdD-Pe24h4rrxTRgdgnHRWHNW87t_EpP6mM-Eu8QocTPlv9IpzP5Hf7nNWG4G4RQmu9TA8VLw4HHYJGjZ4RQsEJ-8J"
            + "fMyNUrtrqAaJNS1eEnWg6IiX6DiiKKYbRuVBDGHsg98zCysM_yCtgZ3HbK6I1GqcdkcRpDCYGbx8mrKNcg62QdPBLsXGOwkGXmtMLrZ1Nt"
            + "KXImzFHggH4Y2U1pr3coCH_WrUR7MVOsN7LrfY2pSkKwbu2N3l-mkkNo-2C9v6LNLDXzUeanBwLCoxGtytz5F3eY0S1LYWj7sjdQiVLMkAU"
            + "QiSEYApmT9mGaad3bqlzlw\",\"e\":\"AQAB\"}]}",
        "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"es\",\"alg\":\"ES256\",\"crv\":\"P-256\","
            + "\"x\":\"_sGP9_7yyZtfB_4DRVMmZybX4m6w3YYxEHHS8N-n8Rg\",\"y\":\"lKlKMLCV3c0J9BuFR4mN8cTC93TaSUoHwZY4ZkEdg5U\"}]}",
    };
    private static final String PAYLOAD =
            ".eyJpc3MiOiJtZXNoZ3VhcmQtd2FybS11cCIsInN1YiI6Indhcm0tdXAiLCJleHAiOjQxMDI0NDQ4MDB9.";
    private static final String[] ALGORITHMS = {"RS256", "ES256"};
    private static final String[] TOKENS = {
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InJzIiwidHlwIjoiSldUIn0" + PAYLOAD
            + "oZx-tBGPbFJD_L93p49YMV4tf4lYKRr6w6LwGKMOrdBEeMlXzwQK9dHZMndVRuNan6iBOf-NzZz31cfwUIvWDG7VdS1rlwbZpCrnEQP61N4"
            + "0cqww1HPKTIYcGyRvLJYFLk1-fXetAqnWiNP9fgwl3Jm4MN8A3CqWzzQzKodC5OcgVD0YdYpBixtoBC8eXFIqvd_8KBNSAEVYv0Gx9sM5s3"
            + "cO15qF5eZxg68QvdnR9QZTZNL5Mwy4n0PJQoM-tX5CkmmZFivJS2FFfqhSmu0VCoSGUvxxSR2fp8J6FTWhfLjMCh8Z0fJx27QhPVLkvN7Jfb"
            + "TYu6r4ePdu85DZx8AhDg",
        "eyJhbGciOiJFUzI1NiIsImtpZCI6ImVzIiwidHlwIjoiSldUIn0" + PAYLOAD
            + "Z3KflWjXSSy_kF1xVY1r_dXCEVpywrIakxpd7u3vf8Yk94NyEECVI3gK8LRsJhA7M30gEPAAENSmZEy-x3mq_A",
    };

    private JwtRehearsal() {
    }

    /**
     * Parses and verifies the tokens whose algorithm is in {@code algorithms}, or all of them when it is null (keys
     * that are fetched later); returns how many verified.
     */
    public static int rehearse(Set<String> algorithms) {
        int verified = 0;
        for (int i = 0; i < TOKENS.length; i++) {
            if (algorithms != null && !algorithms.contains(ALGORITHMS[i])) {
                continue;
            }
            try {
                SignatureVerifier.verify(Jws.parse(TOKENS[i]), KeySet.parse(KEYS[i]));
                verified++;
            } catch (JwtFailure | KeySetException ignored) {
                // counted as not verified; the engine's own verifications report real failures
            }
        }
        return verified;
    }
}
