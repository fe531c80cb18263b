package dev.meshguard.authz;

import dev.meshguard.policy.AuthorizationPolicy;

/** A rule of an {@code AuthorizationPolicy} that matched a request, and under which {@link Reading}. Immutable. */
public final class RuleMatch {
    private final AuthorizationPolicy policy;
    private final int rule;
    private final Reading reading;

    RuleMatch(AuthorizationPolicy policy, int rule, Reading reading) {
        this.policy = policy;
        this.rule = rule;
        this.reading = reading;
    }

    public AuthorizationPolicy policy() { return policy; }

    /** The index of the rule in {@code spec.rules}. */
    public int rule() { return rule; }

    public Reading reading() { return reading; }

    /** Istio's name of the Envoy RBAC policy for this rule: {@code ns[NS]-policy[NAME]-rule[N]}. */
    public String rbacPolicyName() {
        return "ns[" + policy.metadata().namespace() + "]-policy[" + policy.metadata().name() + "]-rule[" + rule + "]";
    }

    @Override
    public String toString() {
        return policy.action() + " " + policy.metadata().qualifiedName() + " rule " + rule;
    }
}
