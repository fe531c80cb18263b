package dev.meshguard.authz;

import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.log.Logger;
import dev.meshguard.policy.Action;
import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.PolicyException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Istio's {@code AuthorizationPolicy} for one policy version, compiled: CUSTOM policies first (the external
 * authorizer), then DENY (any match denies), then ALLOW (when any ALLOW policy applies, one must match). AUDIT
 * policies only mark the decision; {@code istio.io/dry-run} policies are evaluated and reported, never enforced.
 * Matching is pure and never touches the network: {@link #evaluate} says whether the external authorizer must be
 * asked, and {@link Evaluation#decide} takes its answer. Immutable and thread-safe.
 */
public final class Authorizer {
    private static final Logger LOG = Logger.get(Authorizer.class);
    private static final Authorizer NONE = new Authorizer(Collections.<Compiled>emptyList(), 0, false);

    private final Compiled[] custom;
    private final Compiled[] deny;
    private final Compiled[] allow;
    private final Compiled[] audit;
    private final Compiled[] dryRunDeny;
    private final Compiled[] dryRunAllow;
    private final int trustedProxies;
    private final boolean extAuthzConfigured;

    /** One policy and its rules as predicates. */
    private static final class Compiled {
        final AuthorizationPolicy policy;
        final Predicate[] rules;

        Compiled(AuthorizationPolicy policy, List<Predicate> rules) {
            this.policy = policy;
            this.rules = rules.toArray(new Predicate[0]);
        }

        /** The first rule that matches, or null. */
        RuleMatch match(RequestAttributes a) {
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].test(a)) {
                    return new RuleMatch(policy, i, a.reading());
                }
            }
            return null;
        }
    }

    private Authorizer(List<Compiled> policies, int trustedProxies, boolean extAuthzConfigured) {
        List<Compiled> c = new ArrayList<>();
        List<Compiled> d = new ArrayList<>();
        List<Compiled> al = new ArrayList<>();
        List<Compiled> au = new ArrayList<>();
        List<Compiled> dd = new ArrayList<>();
        List<Compiled> da = new ArrayList<>();
        for (Compiled p : policies) {
            boolean dryRun = p.policy.dryRun();
            switch (p.policy.action()) {
                case CUSTOM: c.add(p); break;
                case DENY: (dryRun ? dd : d).add(p); break;
                case AUDIT: au.add(p); break;
                default: (dryRun ? da : al).add(p); break;
            }
        }
        this.custom = c.toArray(new Compiled[0]);
        this.deny = d.toArray(new Compiled[0]);
        this.allow = al.toArray(new Compiled[0]);
        this.audit = au.toArray(new Compiled[0]);
        this.dryRunDeny = dd.toArray(new Compiled[0]);
        this.dryRunAllow = da.toArray(new Compiled[0]);
        this.trustedProxies = trustedProxies;
        this.extAuthzConfigured = extAuthzConfigured;
    }

    /** No policies: everything is allowed. */
    public static Authorizer none() { return NONE; }

    /** True when no policy applies, so every request is allowed without looking at it. */
    public boolean isEmpty() { return this == NONE; }

    /**
     * Compiles policies already scoped to this workload. A CUSTOM policy without {@code MESHGUARD_EXTAUTHZ_URL} is
     * Istio's "bad CUSTOM action": it is logged and denies (403) the requests it matches.
     */
    public static Authorizer compile(List<AuthorizationPolicy> scoped, AuthzOptions options) throws PolicyException {
        if (scoped.isEmpty()) {
            return NONE;
        }
        List<Compiled> compiled = new ArrayList<>();
        for (AuthorizationPolicy p : scoped) {
            compiled.add(new Compiled(p, new RuleCompiler(p).rules()));
            if (p.action() == Action.CUSTOM && !options.extAuthzConfigured()) {
                LOG.error("{} uses provider '{}' but MESHGUARD_EXTAUTHZ_URL is not set: the requests it matches are denied",
                        p, p.provider());
            }
        }
        return new Authorizer(compiled, options.trustedProxies(), options.extAuthzConfigured());
    }

    /**
     * Matches one request under Envoy's reading and, where the server reads it differently, under the server's too.
     * Never throws, never blocks.
     */
    public Evaluation evaluate(RequestView request, Readings readings, AuthResult auth) {
        RequestAttributes a = new RequestAttributes(request, readings, auth, trustedProxies);
        Evaluation e = new Evaluation();
        e.customMatch = first(custom, a);
        e.denyMatch = first(deny, a);
        e.allowMatch = allow.length == 0 ? null : first(allow, a);
        e.allowMissedUnder = allow.length > 0 && e.allowMatch == null ? Reading.ENVOY : null;
        e.dryRunMatches = dryRunDeny.length + dryRunAllow.length == 0 ? Collections.<RuleMatch>emptyList() : dryRun(a);
        e.auditMatches = audit.length == 0 ? Collections.<RuleMatch>emptyList() : all(audit, a);
        if (readings.differ()) {
            a.read(Reading.SERVER);
            if (e.customMatch == null) {
                e.customMatch = first(custom, a);
            }
            if (e.denyMatch == null) {
                e.denyMatch = first(deny, a);
            }
            if (e.allowMissedUnder == null && allow.length > 0 && first(allow, a) == null) {
                e.allowMissedUnder = Reading.SERVER;
            }
        }
        return e;
    }

    private List<RuleMatch> dryRun(RequestAttributes a) {
        List<RuleMatch> deny = all(dryRunDeny, a);
        List<RuleMatch> allow = all(dryRunAllow, a);
        if (deny.isEmpty() || allow.isEmpty()) {
            return deny.isEmpty() ? allow : deny;
        }
        List<RuleMatch> both = new ArrayList<>(deny);
        both.addAll(allow);
        return Collections.unmodifiableList(both);
    }

    private static RuleMatch first(Compiled[] policies, RequestAttributes a) {
        for (Compiled p : policies) {
            RuleMatch m = p.match(a);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static List<RuleMatch> all(Compiled[] policies, RequestAttributes a) {
        List<RuleMatch> out = null;
        for (Compiled p : policies) {
            RuleMatch m = p.match(a);
            if (m != null) {
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(m);
            }
        }
        return out == null ? Collections.<RuleMatch>emptyList() : Collections.unmodifiableList(out);
    }

    /** The matches of one request, before the external authorizer (if one must be asked) has answered. */
    public final class Evaluation {
        private RuleMatch customMatch;
        private RuleMatch denyMatch;
        private RuleMatch allowMatch;
        private Reading allowMissedUnder;
        private List<RuleMatch> dryRunMatches;
        private List<RuleMatch> auditMatches;

        private Evaluation() {
        }

        /** True when a CUSTOM rule matched and an external authorizer is configured: ask it, then {@link #decide}. */
        public boolean needsExternalCheck() {
            return customMatch != null && extAuthzConfigured;
        }

        /** The decision, given the external authorizer's answer (null when it was not asked). */
        public Decision decide(ExtAuthzResult checked) {
            Decision.FilterResult auditResult = present(audit, Decision.FilterResult.ALLOWED);
            if (customMatch != null && (checked == null || checked.kind() != ExtAuthzResult.Kind.OK)) {
                Decision.FilterResult notReached = Decision.FilterResult.NOT_REACHED;
                return new Decision(Decision.Filter.CUSTOM, customMatch, customMatch.reading(), checked,
                        present(audit, notReached), present(deny, notReached), present(allow, notReached),
                        present(dryRunDeny, notReached), present(dryRunAllow, notReached), dryRunMatches, auditMatches);
            }
            Decision.FilterResult denyShadow = shadow(dryRunDeny, Action.DENY);
            if (denyMatch != null) {
                return new Decision(Decision.Filter.DENY, denyMatch, denyMatch.reading(), checked,
                        auditResult, Decision.FilterResult.DENIED, present(allow, Decision.FilterResult.NOT_REACHED),
                        denyShadow, present(dryRunAllow, Decision.FilterResult.NOT_REACHED), dryRunMatches, auditMatches);
            }
            Decision.FilterResult denyResult = present(deny, Decision.FilterResult.ALLOWED);
            Decision.FilterResult allowShadow = shadow(dryRunAllow, Action.ALLOW);
            if (allowMissedUnder != null) {
                return new Decision(Decision.Filter.ALLOW, null, allowMissedUnder, checked, auditResult,
                        denyResult, Decision.FilterResult.DENIED, denyShadow, allowShadow, dryRunMatches, auditMatches);
            }
            return new Decision(null, allowMatch, null, checked, auditResult, denyResult,
                    present(allow, Decision.FilterResult.ALLOWED), denyShadow, allowShadow, dryRunMatches, auditMatches);
        }

        /** What the dry-run rules of one action concluded, as Envoy's shadow engine would. */
        private Decision.FilterResult shadow(Compiled[] policies, Action action) {
            if (policies.length == 0) {
                return Decision.FilterResult.ABSENT;
            }
            for (RuleMatch m : dryRunMatches) {
                if (m.policy().action() == action) {
                    return action == Action.DENY ? Decision.FilterResult.DENIED : Decision.FilterResult.ALLOWED;
                }
            }
            return action == Action.DENY ? Decision.FilterResult.ALLOWED : Decision.FilterResult.DENIED;
        }
    }

    /** {@code ifPresent}, or ABSENT when no policy of that kind applies (Istio then creates no such filter). */
    private static Decision.FilterResult present(Compiled[] policies, Decision.FilterResult ifPresent) {
        return policies.length == 0 ? Decision.FilterResult.ABSENT : ifPresent;
    }
}
