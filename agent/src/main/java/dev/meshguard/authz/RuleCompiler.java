package dev.meshguard.authz;

import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.Condition;
import dev.meshguard.policy.Operation;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.Rule;
import dev.meshguard.policy.RuleField;
import dev.meshguard.policy.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles one policy's rules into {@link Predicate}s, switching on each {@link RuleField}: fields of a source or
 * operation ANDed, values of a field ORed, {@code notX} true when no value matches, an empty list the same as an
 * absent field (as in Istio, where an empty repeated field is unset), entries of {@code from} and of {@code to} ORed, {@code from},
 * {@code to} and {@code when} ANDed. Every value is checked here, so a bad pattern, address or port is a load error
 * naming its field.
 */
final class RuleCompiler {
    private static final boolean[] BOTH = {false, true};
    private final AuthorizationPolicy policy;

    RuleCompiler(AuthorizationPolicy policy) {
        this.policy = policy;
    }

    List<Predicate> rules() throws PolicyException {
        List<Predicate> out = new ArrayList<>();
        for (int r = 0; r < policy.rules().size(); r++) {
            out.add(rule(policy.rules().get(r), "spec.rules[" + r + "]"));
        }
        return out;
    }

    private Predicate rule(Rule rule, String at) throws PolicyException {
        List<Predicate> parts = new ArrayList<>();
        if (!rule.from().isEmpty()) {
            List<Predicate> sources = new ArrayList<>();
            for (int i = 0; i < rule.from().size(); i++) {
                sources.add(source(rule.from().get(i), at + ".from[" + i + "].source"));
            }
            parts.add(Predicate.any(sources));
        }
        if (!rule.to().isEmpty()) {
            List<Predicate> operations = new ArrayList<>();
            for (int i = 0; i < rule.to().size(); i++) {
                operations.add(operation(rule.to().get(i), at + ".to[" + i + "].operation"));
            }
            parts.add(Predicate.any(operations));
        }
        for (int i = 0; i < rule.when().size(); i++) {
            parts.add(condition(rule.when().get(i), at + ".when[" + i + "]"));
        }
        return parts.isEmpty() ? a -> true : Predicate.all(parts);
    }

    private Predicate source(Source s, String at) throws PolicyException {
        List<Predicate> fields = new ArrayList<>();
        for (RuleField field : RuleField.of(RuleField.Part.SOURCE)) {
            for (boolean negated : BOTH) {
                List<String> values = s.values(field, negated);
                if (!values.isEmpty()) {
                    Predicate p = sourceField(field, values, at + "." + field.name(negated));
                    fields.add(negated ? Predicate.not(p) : p);
                }
            }
        }
        return Predicate.all(fields);
    }

    private Predicate sourceField(RuleField field, List<String> values, String path) throws PolicyException {
        switch (field) {
            case PRINCIPALS: return Predicate.text(RequestAttributes::principal, strings(values, false));
            case REQUEST_PRINCIPALS: return requestPrincipals(values);
            case NAMESPACES: return Predicate.text(RequestAttributes::namespace, strings(values, false));
            case TRUST_DOMAINS: return Predicate.text(RequestAttributes::trustDomain, strings(values, false));
            case SERVICE_ACCOUNTS: return Predicate.text(RequestAttributes::serviceAccount, serviceAccounts(values, path));
            case IP_BLOCKS: return Predicate.address(RequestAttributes::sourceIp, blocks(values, path));
            case REMOTE_IP_BLOCKS: return Predicate.address(RequestAttributes::remoteIp, blocks(values, path));
            default: throw new IllegalStateException(field + " is not a source field");
        }
    }

    private Predicate operation(Operation o, String at) throws PolicyException {
        List<Predicate> fields = new ArrayList<>();
        for (RuleField field : RuleField.of(RuleField.Part.OPERATION)) {
            for (boolean negated : BOTH) {
                List<String> values = o.values(field, negated);
                if (!values.isEmpty()) {
                    Predicate p = operationField(field, values, at + "." + field.name(negated));
                    fields.add(negated ? Predicate.not(p) : p);
                }
            }
        }
        return Predicate.all(fields);
    }

    private Predicate operationField(RuleField field, List<String> values, String path) throws PolicyException {
        switch (field) {
            case HOSTS: return Predicate.text(RequestAttributes::host, strings(values, true));
            case PORTS: return port(values, path, a -> a.request.localPort());
            case METHODS: return Predicate.text(a -> a.request.method(), strings(values, false));
            case PATHS: return paths(values, path);
            default: throw new IllegalStateException(field + " is not an operation field");
        }
    }

    private Predicate condition(Condition c, String at) throws PolicyException {
        Predicate positive = c.values().isEmpty() ? null : conditionValues(c.key(), c.values(), at + ".values");
        Predicate negative = c.notValues().isEmpty() ? null : conditionValues(c.key(), c.notValues(), at + ".notValues");
        if (positive != null && negative != null) {
            final Predicate pos = positive;
            final Predicate neg = negative;
            return a -> pos.test(a) && !neg.test(a);
        }
        return positive != null ? positive : Predicate.not(negative);
    }

    private Predicate conditionValues(String key, List<String> values, String at) throws PolicyException {
        if (key.startsWith("request.headers[") && key.endsWith("]") && key.length() > "request.headers[]".length()) {
            final String header = key.substring("request.headers[".length(), key.length() - 1);
            return Predicate.text(a -> a.header(header), strings(values, false));
        }
        if (key.startsWith("request.auth.claims[")) {
            final String[] path = claimPath(key, at);
            return Predicate.texts(a -> Predicate.claim(a, path), strings(values, false));
        }
        switch (key) {
            case "source.ip": return Predicate.address(RequestAttributes::sourceIp, blocks(values, at));
            case "remote.ip": return Predicate.address(RequestAttributes::remoteIp, blocks(values, at));
            case "destination.ip": return Predicate.address(RequestAttributes::destinationIp, blocks(values, at));
            case "destination.port": return port(values, at, a -> a.request.localPort());
            case "source.namespace": return Predicate.text(RequestAttributes::namespace, strings(values, false));
            case "source.principal": return Predicate.text(RequestAttributes::principal, strings(values, false));
            case "request.auth.principal": return requestPrincipals(values);
            case "request.auth.presenter":
                return Predicate.text(a -> a.identity == null ? null : a.identity.presenter(), strings(values, false));
            case "request.auth.audiences":
                return Predicate.texts(a -> a.identity == null ? java.util.Collections.<String>emptyList()
                        : a.identity.audiences(), strings(values, false));
            case "connection.sni": return Predicate.text(a -> a.request.sni(), strings(values, false));
            default:
                if (key.startsWith("experimental.envoy.filters.")) {
                    throw PolicyException.at(policy, at.substring(0, at.lastIndexOf('.')) + ".key",
                            "'" + key + "' needs an Envoy filter and is not supported");
                }
                throw PolicyException.at(policy, at.substring(0, at.lastIndexOf('.')) + ".key",
                        "'" + key + "' is not a supported condition key");
        }
    }

    private String[] claimPath(String key, String at) throws PolicyException {
        List<String> names = new ArrayList<>();
        int i = "request.auth.claims".length();
        while (i < key.length()) {
            int close = key.indexOf(']', i);
            if (key.charAt(i) != '[' || close < 0 || close == i + 1) {
                throw PolicyException.at(policy, at.substring(0, at.lastIndexOf('.')) + ".key",
                        "'" + key + "' is not request.auth.claims[name] or request.auth.claims[name][nested]");
            }
            names.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return names.toArray(new String[0]);
    }

    /** Istio's request-principal matching: any value's issuer and subject patterns match the token's claims. */
    private static Predicate requestPrincipals(List<String> values) {
        final PrincipalPattern[] patterns = new PrincipalPattern[values.size()];
        for (int i = 0; i < patterns.length; i++) {
            patterns[i] = PrincipalPattern.of(values.get(i));
        }
        return a -> {
            for (PrincipalPattern p : patterns) {
                if (p.matches(a.identity)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static List<StringMatcher> strings(List<String> values, boolean ignoreCase) {
        List<StringMatcher> out = new ArrayList<>();
        for (String v : values) {
            out.add(StringMatcher.of(v, ignoreCase));
        }
        return out;
    }

    private List<StringMatcher> serviceAccounts(List<String> values, String at) throws PolicyException {
        List<StringMatcher> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v.contains("*") || v.isEmpty() || v.split("/", -1).length > 2) {
                throw PolicyException.at(policy, at + "[" + i + "]", "'" + v + "' is not <namespace>/<serviceaccount> or <serviceaccount> (no wildcards)");
            }
            out.add(StringMatcher.of(v.contains("/") ? v : policy.metadata().namespace() + "/" + v, false));
        }
        return out;
    }

    private List<IpBlock> blocks(List<String> values, String at) throws PolicyException {
        List<IpBlock> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            IpBlock b = IpBlock.parse(values.get(i));
            if (b == null) {
                throw PolicyException.at(policy, at + "[" + i + "]", "'" + values.get(i) + "' is not an IP address or CIDR block");
            }
            out.add(b);
        }
        return out;
    }

    private interface Port {
        int of(RequestAttributes a);
    }

    private Predicate port(List<String> values, String at, final Port get) throws PolicyException {
        final int[] ports = new int[values.size()];
        for (int i = 0; i < ports.length; i++) {
            try {
                ports[i] = Integer.parseInt(values.get(i));
            } catch (NumberFormatException e) {
                ports[i] = -1;
            }
            if (ports[i] < 0 || ports[i] > 65535) {
                throw PolicyException.at(policy, at + "[" + i + "]", "'" + values.get(i) + "' is not a port from 0 to 65535");
            }
        }
        return a -> {
            int p = get.of(a);
            for (int x : ports) {
                if (x == p) {
                    return true;
                }
            }
            return false;
        };
    }

    private Predicate paths(List<String> values, String at) throws PolicyException {
        List<Predicate> out = new ArrayList<>();
        List<StringMatcher> plain = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (PathTemplate.isTemplate(v)) {
                PathTemplate[] t = new PathTemplate[1];
                String problem = PathTemplate.parse(v, t);
                if (problem != null) {
                    throw PolicyException.at(policy, at + "[" + i + "]", "'" + v + "': " + problem);
                }
                final PathTemplate template = t[0];
                out.add(a -> template.matches(a.path()));
            } else {
                plain.add(StringMatcher.of(v, false));
            }
        }
        if (!plain.isEmpty()) {
            out.add(Predicate.text(RequestAttributes::path, plain));
        }
        return Predicate.any(out);
    }
}
