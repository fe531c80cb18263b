package dev.meshguard.engine;

import dev.meshguard.authz.Decision;
import dev.meshguard.authz.RuleMatch;
import dev.meshguard.decision.Outcome;
import dev.meshguard.log.Logger;
import dev.meshguard.policy.Action;

/**
 * The decision log: one line per denial (with Envoy's response-code-details and the reading that denied), per
 * denial let through by {@code MESHGUARD_MODE=dry-run}, per matching {@code istio.io/dry-run} policy and per AUDIT
 * match. Formats typed fields; allowed requests are not logged. Never logs a token: the path is logged without query.
 */
final class DecisionLog {
    private static final Logger LOG = Logger.get(DecisionLog.class);

    void record(String method, String path, Outcome o) {
        Decision d = o.authz();
        if (d != null) {
            for (RuleMatch m : d.dryRunMatches()) {
                LOG.info("dry-run policy {} {} {} ({}) {}", method, path, m.rbacPolicyName(), m.policy().action(),
                        m.policy().action() == Action.DENY ? "would deny" : "matched");
            }
            if (d.allowShadow() == Decision.FilterResult.DENIED) {
                LOG.info("dry-run policy {} {}: no dry-run ALLOW rule matched, which would deny unless an enforced ALLOW"
                        + " policy matches", method, path);
            }
            for (RuleMatch m : d.auditMatches()) {
                LOG.info("audit {} {} {}", method, path, m.rbacPolicyName());
            }
        }
        if (!o.denied() || o.stage() == Outcome.Stage.FAIL_CLOSED) {
            return;
        }
        String why = d == null || d.deniedUnder() == null ? "" : " " + d.deniedUnder().description() + " (" + d + ")";
        LOG.info("{}{} {} {} {}{}", o.modeDryRun() ? "dry-run: would deny " : "deny ", method, path, o.deniedStatus(),
                o.details(), why);
    }
}
