package dev.meshguard.benchmarks;

import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.engine.Engine;
import dev.meshguard.testing.TestKeys;
import dev.meshguard.testing.TestRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The decision {@code benchmarks/e2e.sh} asks on every request, without a server: Istio's Bookinfo policies (a
 * RequestAuthentication with a claim-to-header output, a DENY for requests without a principal outside
 * {@code /productpage}), a repeated RS256 token, and the headers a load generator sends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BookinfoBenchmark {
    private static final String ISSUER = "testing@secure.istio.io";

    private Engine engine;
    private TestRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        long exp = System.currentTimeMillis() / 1000 + 86400;
        request = TestRequest.get("/api/v1/products/0").host("127.0.0.1:8080")
                .bearer(key.sign("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + ISSUER + "\",\"exp\":" + exp + "}"));
        engine = Fixtures.engine(""
                + "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt-example, namespace: istio-system}\n"
                + "spec:\n  jwtRules:\n  - issuer: " + ISSUER + "\n    jwks: '" + TestKeys.jwks(key) + "'\n"
                + "    outputClaimToHeaders: [{header: x-jwt-sub, claim: sub}]\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: require-jwt-except-productpage, namespace: istio-system}\n"
                + "spec:\n  action: DENY\n  rules:\n  - from: [{source: {notRequestPrincipals: ['*']}}]\n"
                + "    to: [{operation: {notPaths: [/productpage]}}]\n", request, TestRequest.get("/api/v1/products/0"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Verdict decide() {
        return engine.decide(request);
    }
}
