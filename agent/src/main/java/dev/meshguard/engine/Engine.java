package dev.meshguard.engine;

import dev.meshguard.config.AgentConfig;

import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.bootstrap.Verdict;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * The running decision core: owns the policy watcher and the current compiled snapshot, and decides requests.
 * PLACEHOLDER wiring (lead replaces it once policy, jwt and authz land): fails closed with 503 on configuration
 * errors, otherwise allows everything.
 */
public final class Engine implements Enforcer {
    private final AgentConfig config;

    private Engine(AgentConfig config) {
        this.config = config;
    }

    /** Starts the engine: loads policies (blocking, bounded by JWKS timeouts) and starts reloading. */
    public static Engine start(AgentConfig config) {
        return new Engine(config);
    }

    @Override
    public Verdict decide(RequestView request) {
        if (!config.errors().isEmpty()) {
            return Verdict.deny(503, Collections.<String, String>emptyMap(),
                    "meshguard: " + config.errors().get(0), "fail-closed: configuration");
        }
        return Verdict.allow(HeaderMutation.none(), "placeholder");
    }

    /** One line for the start-up banner: policy path, counts, state. */
    public String describe() {
        return "policyPath=" + config.policyPath();
    }

    /** Stops background work (reload, JWKS refresh). */
    public void close() {
        // nothing yet
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
