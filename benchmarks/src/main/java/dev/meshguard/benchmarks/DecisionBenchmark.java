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

/** The whole decision, as a hook asks it: a repeated valid RS256 token and 10 authorization policies. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionBenchmark {
    private Engine engine;
    private TestRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        long exp = System.currentTimeMillis() / 1000 + 86400;
        request = TestRequest.get("/svc9/items").header("x-tenant", "acme")
                .bearer(key.sign("{\"iss\":\"" + Fixtures.ISSUER + "\",\"sub\":\"alice\",\"exp\":" + exp + "}"));
        engine = Fixtures.engine(Fixtures.requestAuthentication(TestKeys.jwks(key)) + "---\n"
                + Fixtures.authorizationPolicies(10), request, TestRequest.get("/svc9/items"));
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
