package dev.meshguard.cli;

import dev.meshguard.policy.Action;
import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.Condition;
import dev.meshguard.policy.JwtRule;
import dev.meshguard.policy.Operation;
import dev.meshguard.policy.PolicyResource;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.policy.RequestAuthentication;
import dev.meshguard.policy.Rule;
import dev.meshguard.policy.RuleField;
import dev.meshguard.policy.Source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings for valid policies that probably do not do what their author meant: Istio's well-known pitfalls (its
 * security best practices and the mistakes {@code istioctl analyze} reports). Each warning names the resource and the
 * field, says what goes wrong, and gives the line that fixes it.
 */
final class PolicyLint {
    private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");

    /**
     * The workload the policies are checked for: its namespace and labels (each null when not given: then any
     * namespace, any labels) and Istio's root namespace.
     */
    static final class Workload {
        final String namespace;
        final Map<String, String> labels;
        final String rootNamespace;

        Workload(String namespace, Map<String, String> labels, String rootNamespace) {
            this.namespace = namespace;
            this.labels = labels;
            this.rootNamespace = rootNamespace;
        }

        /** True when {@code r} can apply: its namespace is the workload's or the root, and its selector matches. */
        boolean mayApply(PolicyResource r) {
            String ns = r.metadata().namespace();
            if (namespace != null && !ns.equals(namespace) && !ns.equals(rootNamespace)) {
                return false;
            }
            return labels == null || r.selector() == null || r.selector().matches(labels);
        }
    }

    private PolicyLint() {
    }

    static List<String> warnings(PolicySet set, Workload workload) {
        List<String> out = new ArrayList<>();
        boolean anyRequestAuthentication = false;
        for (RequestAuthentication ra : set.requestAuthentications()) {
            anyRequestAuthentication |= workload.mayApply(ra);
        }
        for (AuthorizationPolicy p : set.authorizationPolicies()) {
            selector(p, workload, out);
            for (int r = 0; r < p.rules().size(); r++) {
                Rule rule = p.rules().get(r);
                String at = where(p) + "spec.rules[" + r + "]";
                for (int t = 0; t < rule.to().size(); t++) {
                    operation(p, rule.to().get(t), at + ".to[" + t + "].operation", out);
                }
                for (int f = 0; f < rule.from().size(); f++) {
                    source(p, rule.from().get(f), at + ".from[" + f + "].source", out, anyRequestAuthentication);
                }
                for (int w = 0; w < rule.when().size(); w++) {
                    condition(rule.when().get(w), at + ".when[" + w + "]", out, anyRequestAuthentication);
                }
                if (p.action() == Action.ALLOW && isDenyShapedRule(rule)) {
                    out.add(at + ": an ALLOW rule made only of notRequestPrincipals/notPaths allows exactly the requests"
                            + " it seems to exclude; Istio's example writes this as action: DENY");
                }
            }
        }
        requestAuthentications(set, workload, out);
        return out;
    }

    private static void selector(AuthorizationPolicy p, Workload workload, List<String> out) {
        if (workload.labels != null && p.selector() != null && !p.selector().matches(workload.labels)) {
            out.add(where(p) + "spec.selector.matchLabels " + p.selector().matchLabels() + " does not match the workload's"
                    + " labels " + workload.labels + ", so this policy does not apply to it; add the missing labels to"
                    + " the workload or fix the selector");
        }
    }

    private static void operation(AuthorizationPolicy p, Operation op, String at, List<String> out) {
        hosts(p, op.values(RuleField.HOSTS), at + ".hosts", p.action() == Action.DENY || p.action() == Action.ALLOW, out);
        hosts(p, op.notValues(RuleField.HOSTS), at + ".notHosts", p.action() == Action.ALLOW, out);
        for (boolean negated : new boolean[] {false, true}) {
            String field = RuleField.METHODS.name(negated);
            List<String> methods = op.values(RuleField.METHODS, negated);
            for (int i = 0; i < methods.size(); i++) {
                String m = methods.get(i);
                if (m.indexOf('/') >= 0 || m.indexOf('.') >= 0) {
                    out.add(at + "." + field + "[" + i + "]: '" + m + "' looks like a gRPC method; for gRPC the method"
                            + " is always POST, and the service and method are the path: use paths: ['"
                            + (m.startsWith("/") ? m : "/" + m.replaceFirst("\\.(?=[^.]*$)", "/")) + "']");
                }
            }
        }
        for (boolean negated : new boolean[] {false, true}) {
            String field = RuleField.PATHS.name(negated);
            List<String> paths = op.values(RuleField.PATHS, negated);
            for (int i = 0; i < paths.size(); i++) {
                path(paths.get(i), at + "." + field + "[" + i + "]", out);
            }
        }
    }

    /** A host without a port pattern: under Istio, the Host header with a port does not match it. */
    private static void hosts(AuthorizationPolicy p, List<String> hosts, String at, boolean risky, List<String> out) {
        if (!risky) {
            return;
        }
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i);
            if (h.endsWith("*") || h.contains(":") || hosts.contains(h + ":*")) {
                continue;
            }
            String effect = p.action() == Action.DENY
                    ? "a client sending '" + h + ":8080' escapes this DENY under Istio (Meshguard still denies it)"
                    : at.endsWith("notHosts") ? "'" + h + ":8080' is not excluded, so Istio allows it"
                    : "'" + h + ":8080' does not match, so Istio denies it";
            out.add(at + "[" + i + "]: '" + h + "' is matched against the Host header exactly, port included: " + effect
                    + "; list both, as Istio's best practices say: ['" + h + "', '" + h + ":*']");
        }
    }

    private static void path(String path, String at, List<String> out) {
        if (!path.startsWith("/") && !path.startsWith("*")) {
            out.add(at + ": '" + path + "' does not start with '/' or '*', so it can never match a request path");
            return;
        }
        if (path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..")) {
            out.add(at + ": '" + path + "' has a dot segment, which no normalised request path has (Envoy and every"
                    + " server resolve them): it never matches; write the path it resolves to");
        }
        if (path.contains("//")) {
            out.add(at + ": '" + path + "' has '//': Envoy keeps it (Istio's BASE normalisation), but Tomcat merges it,"
                    + " so on Tomcat it never matches the path routed on; match one slash, or both forms");
        }
        Matcher m = ESCAPE.matcher(path);
        while (m.find()) {
            int c = Integer.parseInt(m.group(1), 16);
            boolean unreserved = Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~';
            out.add(at + ": '" + path + "' has the escape " + m.group() + (unreserved
                    ? ", which Envoy decodes before matching: it never matches; write '" + (char) c + "'"
                    : ", which every server decodes before routing (Tomcat, Jetty and Undertow): it matches only Envoy's"
                    + " reading of the path, never the one the server routes on"));
        }
    }

    private static void source(AuthorizationPolicy p, Source s, String at, List<String> out,
                               boolean anyRequestAuthentication) {
        for (RuleField f : new RuleField[] {RuleField.PRINCIPALS, RuleField.NAMESPACES, RuleField.SERVICE_ACCOUNTS}) {
            for (boolean negated : new boolean[] {false, true}) {
                if (!s.values(f, negated).isEmpty()) {
                    String field = f.name(negated);
                    out.add(at + "." + field + ": the peer identity comes from a SPIFFE client certificate, which"
                            + " Meshguard sees only when the server itself terminates mutual TLS (it has no mTLS of its"
                            + " own); on a plaintext server '" + field + "' never matches" + (negated ? " and so always"
                            + " holds" : "") + "; use it where the server requires client certificates, or match"
                            + " remoteIpBlocks");
                }
            }
        }
        for (boolean negated : new boolean[] {false, true}) {
            String field = RuleField.REQUEST_PRINCIPALS.name(negated);
            if (!s.values(RuleField.REQUEST_PRINCIPALS, negated).isEmpty() && !anyRequestAuthentication) {
                out.add(at + "." + field + ": no RequestAuthentication applies to this workload, so no request has a"
                        + " principal and " + field + " " + (field.startsWith("not") ? "always holds" : "never matches")
                        + "; add a RequestAuthentication for the token's issuer");
            }
        }
    }

    private static void condition(Condition c, String at, List<String> out, boolean anyRequestAuthentication) {
        if (c.key().startsWith("request.auth.") && !anyRequestAuthentication) {
            out.add(at + ".key: no RequestAuthentication applies to this workload, so '" + c.key() + "' is always"
                    + " absent; add a RequestAuthentication for the token's issuer");
        }
        if (c.key().equals("source.principal") || c.key().equals("source.namespace")) {
            out.add(at + ".key: '" + c.key() + "' comes from a SPIFFE client certificate, which Meshguard sees only when"
                    + " the server itself terminates mutual TLS; on a plaintext server it is always absent");
        }
    }

    private static void requestAuthentications(PolicySet set, Workload workload, List<String> out) {
        boolean principalRequired = false;
        for (AuthorizationPolicy p : set.authorizationPolicies()) {
            principalRequired |= workload.mayApply(p) && requiresRequestPrincipal(p);
        }
        Map<String, String> firstRuleOfIssuer = new LinkedHashMap<>();
        for (RequestAuthentication ra : set.requestAuthentications()) {
            if (!principalRequired && workload.mayApply(ra)) {
                out.add(where(ra) + "no AuthorizationPolicy requires a request principal, so requests without a token"
                        + " are let through; add one with from.source.requestPrincipals: [\"*\"] (or a DENY with"
                        + " notRequestPrincipals: [\"*\"]) to require a JWT");
            }
            for (int i = 0; i < ra.jwtRules().size(); i++) {
                JwtRule rule = ra.jwtRules().get(i);
                String at = where(ra) + "spec.jwtRules[" + i + "]";
                if (rule.jwksUri() != null && rule.jwksUri().toLowerCase(Locale.ROOT).startsWith("http://")) {
                    out.add(at + ".jwksUri: '" + rule.jwksUri() + "' is fetched over plain http, so anyone on the path"
                            + " can swap the keys and sign tokens; use https");
                }
                if (rule.issuer() != null && workload.mayApply(ra)) {
                    String scope = workload.namespace != null || ra.metadata().namespace().equals(workload.rootNamespace)
                            ? "" : ra.metadata().namespace() + " ";
                    String earlier = firstRuleOfIssuer.putIfAbsent(scope + rule.issuer(), at);
                    if (earlier != null) {
                        out.add(at + ".issuer: '" + rule.issuer() + "' already has a rule (" + earlier + "); Istio leaves"
                                + " which one checks a token undefined; merge them into one rule");
                    }
                }
            }
        }
    }

    /** An ALLOW policy with requestPrincipals, or a DENY with notRequestPrincipals, makes a token mandatory somewhere. */
    private static boolean requiresRequestPrincipal(AuthorizationPolicy p) {
        for (Rule rule : p.rules()) {
            for (Source s : rule.from()) {
                if ((p.action() == Action.ALLOW && !s.values(RuleField.REQUEST_PRINCIPALS).isEmpty())
                        || (p.action() == Action.DENY && !s.notValues(RuleField.REQUEST_PRINCIPALS).isEmpty())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDenyShapedRule(Rule rule) {
        boolean notPrincipals = false;
        for (Source s : rule.from()) {
            notPrincipals |= !s.notValues(RuleField.REQUEST_PRINCIPALS).isEmpty();
        }
        boolean notPaths = false;
        for (Operation o : rule.to()) {
            notPaths |= !o.notValues(RuleField.PATHS).isEmpty();
        }
        return notPrincipals && notPaths;
    }

    private static String where(PolicyResource r) {
        return r.origin() + " " + r.kind() + " " + r.metadata().qualifiedName() + ": ";
    }
}
