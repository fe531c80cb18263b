package dev.meshguard.authz;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What authorization concluded for one request, as Istio's filters would: which filter denied (CUSTOM, DENY or
 * ALLOW) and by which rule, under which {@link Reading}; what each RBAC filter and its dry-run (shadow) rules concluded;
 * the external authorizer's answer; and the dry-run and AUDIT rules that matched. Everything is a field; text is made
 * from it only for the response ({@link #body()}, {@link #details()}) and the log ({@link #toString()}). Immutable.
 */
public final class Decision {
    /** Envoy's RBAC denial body. */
    public static final String RBAC_DENIED = "RBAC: access denied";

    /** The Istio filters that can deny, in the order a request meets them. */
    public enum Filter { CUSTOM, DENY, ALLOW }

    /** What one RBAC filter (or its dry-run rules) concluded for the request. */
    public enum FilterResult {
        /** No policy of this kind applies, so Istio creates no such filter (or no dry-run rules in it). */
        ABSENT,
        /** An earlier filter denied the request. */
        NOT_REACHED,
        ALLOWED,
        DENIED
    }

    private final Filter deniedBy;
    private final RuleMatch rule;
    private final Reading deniedUnder;
    private final ExtAuthzResult custom;
    private final FilterResult auditFilter;
    private final FilterResult denyFilter;
    private final FilterResult allowFilter;
    private final FilterResult denyShadow;
    private final FilterResult allowShadow;
    private final List<RuleMatch> dryRunMatches;
    private final List<RuleMatch> auditMatches;

    Decision(Filter deniedBy, RuleMatch rule, Reading deniedUnder, ExtAuthzResult custom,
             FilterResult auditFilter, FilterResult denyFilter, FilterResult allowFilter, FilterResult denyShadow,
             FilterResult allowShadow, List<RuleMatch> dryRunMatches, List<RuleMatch> auditMatches) {
        this.deniedBy = deniedBy;
        this.rule = rule;
        this.deniedUnder = deniedUnder;
        this.custom = custom;
        this.auditFilter = auditFilter;
        this.denyFilter = denyFilter;
        this.allowFilter = allowFilter;
        this.denyShadow = denyShadow;
        this.allowShadow = allowShadow;
        this.dryRunMatches = dryRunMatches;
        this.auditMatches = auditMatches;
    }

    public boolean allowed() { return deniedBy == null; }

    /** The filter that denied; null when allowed. */
    public Filter deniedBy() { return deniedBy; }

    /**
     * The deciding rule: the DENY rule that matched, the ALLOW rule that allowed, or the CUSTOM rule whose check
     * denied; null when no ALLOW rule matched or no policy decided.
     */
    public RuleMatch rule() { return rule; }

    /** The reading under which the request was denied; null when allowed. */
    public Reading deniedUnder() { return deniedUnder; }

    /** The external authorizer's answer; null when it was not asked (also when none is configured). */
    public ExtAuthzResult custom() { return custom; }

    public FilterResult auditFilter() { return auditFilter; }

    public FilterResult denyFilter() { return denyFilter; }

    public FilterResult allowFilter() { return allowFilter; }

    /** What the dry-run DENY rules concluded: DENIED when one matched. */
    public FilterResult denyShadow() { return denyShadow; }

    /** What the dry-run ALLOW rules concluded: DENIED when none matched. */
    public FilterResult allowShadow() { return allowShadow; }

    /** The dry-run ({@code istio.io/dry-run}) rules that matched, one per policy, under Envoy's reading. */
    public List<RuleMatch> dryRunMatches() { return dryRunMatches; }

    /** The AUDIT rules that matched, one per policy. */
    public List<RuleMatch> auditMatches() { return auditMatches; }

    /** The status of a denial: 403, or the external authorizer's; 0 when allowed. */
    public int status() {
        if (deniedBy == null) {
            return 0;
        }
        return deniedBy == Filter.CUSTOM && custom != null ? custom.status() : 403;
    }

    /** The body of a denial. */
    public String body() {
        return deniedBy == Filter.CUSTOM && custom != null ? custom.body() : deniedBy == null ? "" : RBAC_DENIED;
    }

    /** The headers a denial adds (the external authorizer's). */
    public Map<String, String> headers() {
        return deniedBy == Filter.CUSTOM && custom != null ? custom.headers() : Collections.<String, String>emptyMap();
    }

    /**
     * Envoy's response-code-details of a denial: {@code rbac_access_denied_matched_policy[<policy>]} (or
     * {@code [none]} when no ALLOW rule matched), {@code ext_authz_denied} or {@code ext_authz_error}; empty when
     * allowed.
     */
    public String details() {
        if (deniedBy == null) {
            return "";
        }
        switch (deniedBy) {
            case CUSTOM:
                if (custom == null) {
                    return rbacDetails("istio-ext-authz-" + rule.policy().provider() + "-" + rule.rbacPolicyName()
                            + "-deny-due-to-bad-CUSTOM-action");
                }
                return custom.kind() == ExtAuthzResult.Kind.DENIED ? "ext_authz_denied" : "ext_authz_error";
            case DENY:
                return rbacDetails(rule.rbacPolicyName());
            default:
                return rbacDetails("none");
        }
    }

    private static String rbacDetails(String policy) {
        return "rbac_access_denied_matched_policy[" + policy + "]";
    }

    /** What decided, for logs and the {@code check} tool: e.g. {@code DENY foo/deny-admin rule 0}. */
    @Override
    public String toString() {
        if (deniedBy == Filter.CUSTOM) {
            return rule + (custom == null ? ": no external authorizer configured" : ": external authorizer " + custom);
        }
        if (rule != null) {
            return rule.toString();
        }
        return allowFilter == FilterResult.ABSENT ? "no ALLOW policy applies" : "no ALLOW policy matched";
    }
}
