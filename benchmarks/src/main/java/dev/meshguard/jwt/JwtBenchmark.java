package dev.meshguard.jwt;

import dev.meshguard.benchmarks.Fixtures;
import dev.meshguard.testing.TestKeys;
import dev.meshguard.testing.TestRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * JWT verification per algorithm: on first sight (parse, claims, key selection and signature, as every request pays
 * in Envoy) and for a repeated token (the verified-token cache).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JwtBenchmark {
    @Param({"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "ES512", "EdDSA", "HS256"})
    public String alg;

    private KeySet keys;
    private String token;
    private JwtAuthenticator authenticator;
    private TestRequest request;
    private JwksFetcher fetcher;

    @Setup
    public void setUp() throws Exception {
        TestKeys key = TestKeys.generate(alg, "k1");
        String jwks = TestKeys.jwks(key);
        keys = KeySet.parse(jwks);
        long exp = System.currentTimeMillis() / 1000 + 86400;
        token = key.sign("{\"iss\":\"" + Fixtures.ISSUER + "\",\"sub\":\"alice\",\"aud\":\"bench\",\"exp\":" + exp + "}");
        fetcher = new JwksFetcher(Duration.ofMinutes(20), null);
        authenticator = JwtAuthenticator.compile(Fixtures.load(Fixtures.requestAuthentication(jwks)).requestAuthentications(),
                fetcher, Duration.ofSeconds(60));
        request = TestRequest.get("/svc1/items").bearer(token);
        if (authenticator.authenticate(request).identity() == null) {
            throw new IllegalStateException("the benchmark token does not verify");
        }
    }

    @TearDown
    public void tearDown() {
        fetcher.close();
    }

    @Benchmark
    public Claims firstSight() throws Exception {
        Jws jws = Jws.parse(token);
        Claims claims = Claims.parse(jws.payload);
        SignatureVerifier.verify(jws, keys);
        return claims;
    }

    @Benchmark
    public AuthResult repeated() {
        return authenticator.authenticate(request);
    }
}
