package dev.meshguard.policy;

/** {@code AuthorizationPolicy.spec.action}; {@link #ALLOW} when absent. */
public enum Action {
    ALLOW, DENY, AUDIT, CUSTOM
}
