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
import java.util.Map;

/**
 * Istio's {@code AuthorizationPolicy} for one policy version, compiled: CUSTOM policies first (the external
 * authorizer), then DENY (any match denies), then ALLOW (when any ALLOW policy applies, one must match). AUDIT
 * policies only mark the decision; {@code istio.io/dry-run} policies are evaluated and reported, never enforced.
 * Immutable and thread-safe.
 */
public final class Authorizer {
    private static final Logger LOG = Logger.get(Authorizer.class);
    private static final Authorizer NONE = new Authorizer(Collections.<Compiled>emptyList(), 0, null);
    private static final Decision NO_ALLOW_POLICY = allow("no ALLOW policy applies", Collections.<String>emptyList(), false);

    private final Compiled[] custom;
    private final Compiled[] deny;
    private final Compiled[] allow;
    private final Compiled[] audit;
    private final Compiled[] dryRun;
    private final int trustedProxies;
    private final ExtAuthzClient extAuthz;

    /** One policy and its rules as predicates. */
    private static final class Compiled {
        final AuthorizationPolicy policy;
        final Predicate[] rules;
        /** {@code ACTION ns/name rule i} per rule, and the plain ALLOW decision it makes: built once, not per request. */
        private final String[] names;
        private final Decision[] allows;

        Compiled(AuthorizationPolicy policy, List<Predicate> rules) {
            this.policy = policy;
            this.rules = rules.toArray(new Predicate[0]);
            this.names = new String[this.rules.length];
            this.allows = new Decision[this.rules.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = policy.action() + " " + policy.metadata().qualifiedName() + " rule " + i;
                allows[i] = allow(names[i], Collections.<String>emptyList(), false);
            }
        }

        Decision allowed(int rule) {
            return allows[rule];
        }

        /** The index of the first matching rule, or -1. */
        int match(RequestAttributes a) {
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].test(a)) {
                    return i;
                }
            }
            return -1;
        }

        String name(int rule) {
            return names[rule];
        }
    }

    private Authorizer(List<Compiled> policies, int trustedProxies, ExtAuthzClient extAuthz) {
        List<Compiled> c = new ArrayList<>();
        List<Compiled> d = new ArrayList<>();
        List<Compiled> al = new ArrayList<>();
        List<Compiled> au = new ArrayList<>();
        List<Compiled> dr = new ArrayList<>();
        for (Compiled p : policies) {
            if (p.policy.dryRun()) {
                dr.add(p);
                continue;
            }
            switch (p.policy.action()) {
                case CUSTOM: c.add(p); break;
                case DENY: d.add(p); break;
                case AUDIT: au.add(p); break;
                default: al.add(p); break;
            }
        }
        this.custom = c.toArray(new Compiled[0]);
        this.deny = d.toArray(new Compiled[0]);
        this.allow = al.toArray(new Compiled[0]);
        this.audit = au.toArray(new Compiled[0]);
        this.dryRun = dr.toArray(new Compiled[0]);
        this.trustedProxies = trustedProxies;
        this.extAuthz = extAuthz;
    }

    /** No policies: everything is allowed. */
    public static Authorizer none() { return NONE; }

    /**
     * Compiles policies already scoped to this workload. A CUSTOM policy without {@code MESHGUARD_EXTAUTHZ_URL} is
     * logged as an error and denies (403) the requests it matches, so nothing it should check is let through.
     */
    public static Authorizer compile(List<AuthorizationPolicy> scoped, AuthzOptions options) throws PolicyException {
        if (scoped.isEmpty()) {
            return NONE;
        }
        List<Compiled> compiled = new ArrayList<>();
        for (AuthorizationPolicy p : scoped) {
            compiled.add(new Compiled(p, new RuleCompiler(p).rules()));
            if (p.action() == Action.CUSTOM && options.extAuthzUrl() == null) {
                LOG.error("{} uses provider '{}' but MESHGUARD_EXTAUTHZ_URL is not set: the requests it matches are denied",
                        p, p.provider());
            }
        }
        ExtAuthzClient client = options.extAuthzUrl() == null ? null
                : new ExtAuthzClient(options.extAuthzUrl(), options.extAuthzTimeout());
        return new Authorizer(compiled, options.trustedProxies(), client);
    }

    /** Decides one request; never throws. */
    public Decision authorize(RequestView request, AuthResult auth) {
        RequestAttributes a = new RequestAttributes(request, auth, trustedProxies);
        List<String> findings = dryRun.length == 0 ? Collections.<String>emptyList() : dryRun(a);
        boolean audited = false;
        String auditedBy = null;
        for (Compiled p : audit) {
            int r = p.match(a);
            if (r >= 0) {
                audited = true;
                auditedBy = p.name(r);
                break;
            }
        }
        for (Compiled p : custom) {
            int r = p.match(a);
            if (r >= 0) {
                if (extAuthz == null) {
                    return deny(403, Decision.RBAC_DENIED, Collections.<String, String>emptyMap(),
                            p.name(r) + ": no external authorizer configured", findings, audited);
                }
                Decision d = extAuthz.check(request, p.name(r));
                if (!d.allowed()) {
                    return deny(d.status(), d.body(), d.headers(), d.explanation(), findings, audited);
                }
                break;
            }
        }
        for (Compiled p : deny) {
            int r = p.match(a);
            if (r >= 0) {
                return deny(403, Decision.RBAC_DENIED, Collections.<String, String>emptyMap(), p.name(r), findings, audited);
            }
        }
        if (allow.length == 0) {
            return auditedBy == null && findings.isEmpty() ? NO_ALLOW_POLICY
                    : allow(auditedBy == null ? NO_ALLOW_POLICY.explanation() : NO_ALLOW_POLICY.explanation() + "; audited by "
                    + auditedBy, findings, audited);
        }
        for (Compiled p : allow) {
            int r = p.match(a);
            if (r >= 0) {
                return auditedBy == null && findings.isEmpty() ? p.allowed(r)
                        : allow(auditedBy == null ? p.name(r) : p.name(r) + "; audited by " + auditedBy, findings, audited);
            }
        }
        return deny(403, Decision.RBAC_DENIED, Collections.<String, String>emptyMap(), "no ALLOW policy matched",
                findings, audited);
    }

    private List<String> dryRun(RequestAttributes a) {
        List<String> out = new ArrayList<>();
        for (Compiled p : dryRun) {
            int r = p.match(a);
            Action action = p.policy.action();
            if (r >= 0 && action == Action.DENY) {
                out.add("dry-run " + p.name(r) + " would deny");
            } else if (r >= 0) {
                out.add("dry-run " + p.name(r) + " matched");
            } else if (action == Action.ALLOW) {
                out.add("dry-run ALLOW " + p.policy.metadata().qualifiedName() + " matched no rule and would deny"
                        + " unless another ALLOW policy matches");
            }
        }
        return out;
    }

    static Decision allow(String explanation, List<String> findings, boolean audited) {
        return new Decision(true, 0, "", Collections.<String, String>emptyMap(), explanation, findings, audited);
    }

    static Decision deny(int status, String body, Map<String, String> headers, String explanation,
                         List<String> findings, boolean audited) {
        return new Decision(false, status, body, headers, explanation, findings, audited);
    }
}
