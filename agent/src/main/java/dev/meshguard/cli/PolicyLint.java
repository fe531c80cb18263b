package dev.meshguard.cli;

import dev.meshguard.policy.Action;
import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.Operation;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.policy.RequestAuthentication;
import dev.meshguard.policy.Rule;
import dev.meshguard.policy.Source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings for valid policies that probably do not do what their author meant: Istio's well-known pitfalls.
 * Each warning names the resource and the field.
 */
final class PolicyLint {

    private PolicyLint() {
    }

    static List<String> warnings(PolicySet set, String rootNamespace) {
        List<String> out = new ArrayList<>();
        Set<String> namespacesRequiringJwt = new HashSet<>();
        for (AuthorizationPolicy p : set.authorizationPolicies()) {
            if (requiresRequestPrincipal(p)) {
                namespacesRequiringJwt.add(p.metadata().namespace());
            }
            for (int r = 0; r < p.rules().size(); r++) {
                Rule rule = p.rules().get(r);
                for (int t = 0; t < rule.to().size(); t++) {
                    Operation op = rule.to().get(t);
                    for (String field : new String[] {"paths", "notPaths"}) {
                        List<String> paths = op.values(field);
                        for (int i = 0; i < paths.size(); i++) {
                            String path = paths.get(i);
                            if (!path.startsWith("/") && !path.startsWith("*")) {
                                out.add(where(p) + "spec.rules[" + r + "].to[" + t + "].operation." + field + "[" + i
                                        + "]: '" + path + "' does not start with '/' or '*', so it can never match a request path");
                            }
                        }
                    }
                }
                if (p.action() == Action.ALLOW && isDenyShapedRule(rule)) {
                    out.add(where(p) + "spec.rules[" + r + "]: an ALLOW rule made only of notRequestPrincipals/notPaths"
                            + " allows exactly the requests it seems to exclude; Istio's example writes this as action: DENY");
                }
            }
        }
        for (RequestAuthentication ra : set.requestAuthentications()) {
            String ns = ra.metadata().namespace();
            if (!namespacesRequiringJwt.contains(ns) && !namespacesRequiringJwt.contains(rootNamespace)) {
                out.add(where(ra) + "no AuthorizationPolicy requires a request principal, so requests without a token"
                        + " are let through; add one with from.source.requestPrincipals: [\"*\"] (or a DENY with"
                        + " notRequestPrincipals: [\"*\"]) to require a JWT");
            }
        }
        return out;
    }

    /** An ALLOW policy with requestPrincipals, or a DENY with notRequestPrincipals, makes a token mandatory somewhere. */
    private static boolean requiresRequestPrincipal(AuthorizationPolicy p) {
        for (Rule rule : p.rules()) {
            for (Source s : rule.from()) {
                if ((p.action() == Action.ALLOW && !s.values("requestPrincipals").isEmpty())
                        || (p.action() == Action.DENY && !s.values("notRequestPrincipals").isEmpty())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDenyShapedRule(Rule rule) {
        boolean notPrincipals = false;
        for (Source s : rule.from()) {
            notPrincipals |= !s.values("notRequestPrincipals").isEmpty();
        }
        boolean notPaths = false;
        for (Operation o : rule.to()) {
            notPaths |= !o.values("notPaths").isEmpty();
        }
        return notPrincipals && notPaths;
    }

    private static String where(dev.meshguard.policy.PolicyResource r) {
        return r.origin() + " " + r.kind() + " " + r.metadata().qualifiedName() + ": ";
    }
}
