package dev.meshguard.benchmarks;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.authz.Decision;
import dev.meshguard.authz.Readings;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwtIdentity;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Authorization of a typical authenticated request against 1 to 1,000 applicable policies. The request matches the
 * last policy, so every policy before it is evaluated: the worst case for a given count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AuthzBenchmark {
    @Param({"1", "10", "100", "1000"})
    public int policies;

    private Authorizer authorizer;
    private TestRequest request;
    private AuthResult auth;

    @Setup
    public void setUp() throws Exception {
        authorizer = Authorizer.compile(Fixtures.load(Fixtures.authorizationPolicies(policies)).authorizationPolicies(),
                new AuthzOptions(0, false));
        request = TestRequest.get("/svc" + (policies - 1) + "/items").header("x-tenant", "beta-eu");
        JwtIdentity alice = new JwtIdentity(Fixtures.ISSUER, "alice", List.of("bench"), null,
                Map.<String, Object>of("iss", Fixtures.ISSUER, "sub", "alice"), List.of("scope", "permission"));
        auth = AuthResult.authenticated(alice, HeaderMutation.none());
        if (!authorize().allowed()) {
            throw new IllegalStateException("the benchmark request should be allowed");
        }
    }

    @Benchmark
    public Decision authorize() {
        return authorizer.evaluate(request, Readings.of(request), auth).decide(null);
    }
}
