package dev.meshguard.benchmarks;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A reload of 1,000 policies: parse and validate the YAML, then compile the authorizer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class ReloadBenchmark {
    private PolicyFiles files;

    @Setup
    public void setUp() {
        files = PolicyFiles.of(List.of(PolicyFiles.entry("bench.yaml",
                Fixtures.authorizationPolicies(1000).getBytes(StandardCharsets.UTF_8))));
    }

    @Benchmark
    public Authorizer reload1000() throws Exception {
        PolicySet set = new PolicyLoader("bench").load(files);
        return Authorizer.compile(set.authorizationPolicies(), new AuthzOptions(0, false));
    }
}
