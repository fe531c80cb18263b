package dev.meshguard.agent;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.jwt.JwtRehearsal;
import dev.meshguard.jwt.KeySet;
import dev.meshguard.jwt.KeySetException;
import dev.meshguard.jwt.VerificationKey;
import dev.meshguard.policy.Action;
import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.JwtRule;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.policy.RequestAuthentication;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads, on a background thread from {@code premain}, the classes the activation will need, while the application
 * is still starting: it reads the policies and compiles their rules once, rehearses the weaving on a class of its
 * own and the verification of a token of each algorithm the policies' keys allow ({@link JwtRehearsal}), then throws
 * the results away. Loading and verifying those classes is most of an activation's cost; done here it leaves the
 * server's start-up path. It has no effect that outlives it: no port, no lasting thread, no network call, no log line.
 * Whatever fails here is ignored, since the activation does it all again and reports it.
 */
final class WarmUp implements Runnable {
    private final AgentConfig config;
    private final Weaver weaver;

    WarmUp(AgentConfig config, Weaver weaver) {
        this.config = config;
        this.weaver = weaver;
    }

    /** Starts the warm-up on a daemon thread, which ends when it is done. */
    static void begin(AgentConfig config, Weaver weaver) {
        Thread t = new Thread(new WarmUp(config, weaver), "meshguard-warm-up");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        warm();
    }

    /** Does the warm-up; returns what it did, which only tests read. */
    Result warm() {
        boolean woven = false;
        int compiled = -1;
        int verified = 0;
        try {
            woven = weaver.rehearse() != null;
        } catch (Throwable ignored) {
            // the weaving is done, and any failure logged, when the server's class loads
        }
        Set<String> algorithms = null;
        try {
            PolicySet all = new PolicyLoader(config.workload().namespace()).load(config.policyPath());
            algorithms = algorithms(all);
            List<AuthorizationPolicy> quiet = new ArrayList<>();
            for (AuthorizationPolicy p : all.authorizationPolicies()) {
                if (p.action() != Action.CUSTOM) { // CUSTOM without an authorizer URL is logged when compiled
                    quiet.add(p);
                }
            }
            Authorizer.compile(quiet, new AuthzOptions(config.trustedProxies(), false));
            compiled = quiet.size();
        } catch (Throwable ignored) {
            // the engine reads the policies again and reports any problem
        }
        try {
            verified = JwtRehearsal.rehearse(algorithms);
        } catch (Throwable ignored) {
            // the first request's token pays for what was not warmed
        }
        return new Result(woven, compiled, verified);
    }

    /**
     * The algorithms that the policies' inline keys allow, or null when a rule's keys are fetched later: the rehearsal
     * then verifies every kind of token, since any may come.
     */
    private static Set<String> algorithms(PolicySet policies) {
        Set<String> algorithms = new HashSet<>();
        for (RequestAuthentication authentication : policies.requestAuthentications()) {
            for (JwtRule rule : authentication.jwtRules()) {
                if (rule.jwks() == null) {
                    return null;
                }
                try {
                    for (VerificationKey key : KeySet.parse(rule.jwks()).keys()) {
                        algorithms.addAll(key.algorithms());
                    }
                } catch (KeySetException ignored) {
                    // the engine reports the key set; its rule verifies no token
                }
            }
        }
        return algorithms;
    }

    /**
     * What one warm-up did: whether the rehearsal wove, how many policies compiled (-1: none could be read) and how many
     * rehearsal tokens verified.
     */
    static final class Result {
        final boolean woven;
        final int compiled;
        final int verified;

        Result(boolean woven, int compiled, int verified) {
            this.woven = woven;
            this.compiled = compiled;
            this.verified = verified;
        }
    }
}
