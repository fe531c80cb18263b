package dev.meshguard.policy;

import java.util.Collections;
import java.util.List;

/**
 * One consistent, validated version of the policy source: every resource read, before scoping to the workload.
 * Immutable; a reload produces a new instance.
 */
public final class PolicySet {
    private final List<RequestAuthentication> requestAuthentications;
    private final List<AuthorizationPolicy> authorizationPolicies;

    public PolicySet(List<RequestAuthentication> requestAuthentications, List<AuthorizationPolicy> authorizationPolicies) {
        this.requestAuthentications = Collections.unmodifiableList(requestAuthentications);
        this.authorizationPolicies = Collections.unmodifiableList(authorizationPolicies);
    }

    public List<RequestAuthentication> requestAuthentications() { return requestAuthentications; }

    public List<AuthorizationPolicy> authorizationPolicies() { return authorizationPolicies; }
}
