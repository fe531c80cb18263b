package dev.meshguard.policy;

import java.util.Collections;
import java.util.List;

/** Istio's {@code AuthorizationPolicy} resource. */
public final class AuthorizationPolicy extends PolicyResource {
    public static final String KIND = "AuthorizationPolicy";

    private final Action action;
    private final String provider;
    private final List<Rule> rules;

    public AuthorizationPolicy(Origin origin, ObjectMeta metadata, WorkloadSelector selector,
                               List<TargetRef> targetRefs, Action action, String provider, List<Rule> rules) {
        super(origin, metadata, selector, targetRefs);
        this.action = action;
        this.provider = provider;
        this.rules = Collections.unmodifiableList(rules);
    }

    @Override
    public String kind() { return KIND; }

    public Action action() { return action; }

    /** {@code provider.name} for CUSTOM policies, else null. */
    public String provider() { return provider; }

    /** The rules; empty when {@code rules} is absent or empty (an ALLOW policy then matches nothing). */
    public List<Rule> rules() { return rules; }

    /**
     * True when {@code istio.io/dry-run} is true as Go's {@code strconv.ParseBool} reads it ({@code 1}, {@code t},
     * {@code TRUE}, ...): evaluated and logged, never enforced. The loader refuses a value ParseBool refuses.
     */
    public boolean dryRun() {
        String v = metadata().annotations().get(ObjectMeta.DRY_RUN_ANNOTATION);
        return v != null && ObjectMeta.goTrue(v);
    }
}
