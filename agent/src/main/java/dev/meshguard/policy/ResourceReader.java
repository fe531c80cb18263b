package dev.meshguard.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one Kubernetes document into a {@link RequestAuthentication} or {@link AuthorizationPolicy}, validating it
 * the way the API server's schema and Istio's admission webhook would. Other kinds are not read here.
 */
final class ResourceReader {
    static final String GROUP = "security.istio.io/";
    private static final Pattern HEADER_NAME = Pattern.compile("^[-_A-Za-z0-9]+$");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private final String defaultNamespace;

    ResourceReader(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    /** True when {@code kind} is one Meshguard reads. */
    static boolean isPolicyKind(String kind) {
        return RequestAuthentication.KIND.equals(kind) || AuthorizationPolicy.KIND.equals(kind);
    }

    PolicyResource read(JsonNode document, Origin origin) throws PolicyException {
        Node root = Node.root(document, origin.toString());
        root.object("apiVersion", "kind", "metadata", "spec", "status");
        String kind = root.field("kind").requiredText();
        ObjectMeta meta = metadata(root.field("metadata"));
        Node doc = root.within(origin + " " + kind + " " + meta.qualifiedName());
        String apiVersion = doc.field("apiVersion").requiredText();
        if (!apiVersion.equals(GROUP + "v1") && !apiVersion.equals(GROUP + "v1beta1")) {
            throw doc.field("apiVersion").error("'" + apiVersion + "' is not supported (use security.istio.io/v1 or v1beta1)");
        }
        Node spec = doc.field("spec").orEmptyObject();
        PolicyResource r = RequestAuthentication.KIND.equals(kind)
                ? requestAuthentication(spec, origin, meta)
                : authorizationPolicy(spec, origin, meta);
        checkDryRunAnnotation(r, doc.field("metadata").field("annotations"));
        return r;
    }

    /**
     * Istio's webhook ({@code checkDryRunAnnotation}): {@code istio.io/dry-run} only on an ALLOW or DENY
     * AuthorizationPolicy, with a value Go's {@code strconv.ParseBool} reads.
     */
    private static void checkDryRunAnnotation(PolicyResource r, Node annotations) throws PolicyException {
        String value = r.metadata().annotations().get(ObjectMeta.DRY_RUN_ANNOTATION);
        if (value == null) {
            return;
        }
        String id = r.metadata().namespace() + "/" + r.metadata().name();
        Node at = annotations.field(ObjectMeta.DRY_RUN_ANNOTATION);
        if (!(r instanceof AuthorizationPolicy)) {
            throw at.error(id + " has unsupported annotation " + ObjectMeta.DRY_RUN_ANNOTATION + ", please remove the annotation");
        }
        Action action = ((AuthorizationPolicy) r).action();
        if (action != Action.ALLOW && action != Action.DENY) {
            throw at.error("the annotation " + ObjectMeta.DRY_RUN_ANNOTATION + " currently only supports action ALLOW/DENY,"
                    + " found action " + action + " in " + id);
        }
        if (!ObjectMeta.goBool(value)) {
            throw at.error(id + " has annotation " + ObjectMeta.DRY_RUN_ANNOTATION + " with invalid value (" + value
                    + "): strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
        }
    }

    private ObjectMeta metadata(Node node) throws PolicyException {
        if (!node.present()) {
            throw node.error("is required");
        }
        // kubectl output carries uid, resourceVersion, managedFields...: only the fields Meshguard uses are checked.
        String name = node.field("name").requiredText();
        String namespace = node.field("namespace").text();
        Map<String, String> annotations = node.field("annotations").stringMap();
        node.field("labels").stringMap();
        return new ObjectMeta(name, namespace == null || namespace.isEmpty() ? defaultNamespace : namespace, annotations);
    }

    private RequestAuthentication requestAuthentication(Node spec, Origin origin, ObjectMeta meta) throws PolicyException {
        spec.object("selector", "targetRef", "targetRefs", "jwtRules");
        WorkloadSelector selector = selector(spec);
        List<TargetRef> targets = targetRefs(spec);
        List<JwtRule> rules = new ArrayList<>();
        for (Node rule : spec.field("jwtRules").items()) {
            rules.add(jwtRule(rule));
        }
        return new RequestAuthentication(origin, meta, selector, targets, rules);
    }

    /**
     * One {@code jwtRules[]} entry, refused with the messages of Istio's webhook ({@code validateJwtRule}) and of
     * the CRD's schema. A rule may have no issuer when it names a {@code jwksUri}: it then accepts any issuer its keys
     * verify, as Envoy does.
     */
    private JwtRule jwtRule(Node n) throws PolicyException {
        n.object("issuer", "audiences", "jwksUri", "jwks_uri", "jwks", "fromHeaders", "fromParams", "fromCookies",
                "outputPayloadToHeader", "forwardOriginalToken", "outputClaimToHeaders", "timeout",
                "spaceDelimitedClaims");
        List<String> audiences = n.field("audiences").strings("audience must be non-empty string");
        String issuer = n.field("issuer").text();
        if (issuer != null && issuer.isEmpty()) {
            throw n.field("issuer").error("should be at least 1 chars long");
        }
        String jwksUri = n.field("jwksUri").text();
        String jwksUriAlias = n.field("jwks_uri").text();
        String jwks = n.field("jwks").text();
        int keySources = (jwksUri != null ? 1 : 0) + (jwksUriAlias != null ? 1 : 0) + (jwks != null ? 1 : 0);
        if (keySources > 1) {
            throw n.error("only one of jwks or jwksUri can be set");
        }
        if (jwksUri == null) {
            jwksUri = jwksUriAlias;
        }
        if (issuer == null && (jwksUri == null || jwksUri.isEmpty())) {
            throw n.error("issuer or jwksUri must be non-empty string");
        }
        if (jwksUri != null) {
            Node uriNode = n.field(jwksUriAlias != null ? "jwks_uri" : "jwksUri");
            String lower = jwksUri.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw uriNode.error("url must have scheme http:// or https://");
            }
            if (jwksUri.length() > 2048) {
                throw uriNode.error("must be at most 2048 characters");
            }
        }
        List<JwtHeader> headers = new ArrayList<>();
        for (Node h : n.field("fromHeaders").items()) {
            h.object("name", "prefix");
            String name = h.field("name").text();
            if (name == null || name.isEmpty()) {
                throw h.field("name").error("location header name must be non-empty string");
            }
            headers.add(new JwtHeader(name, h.field("prefix").text()));
        }
        List<ClaimToHeader> claimHeaders = new ArrayList<>();
        for (Node c : n.field("outputClaimToHeaders").items()) {
            c.object("header", "claim");
            String header = c.field("header").text();
            String claim = c.field("claim").text();
            if (header == null || header.isEmpty() || claim == null || claim.isEmpty()) {
                throw c.error("outputClaimToHeaders header and claim value must be non-empty string");
            }
            if (!HEADER_NAME.matcher(header).matches()) {
                throw c.field("header").error("header name " + header + " is not a valid header name");
            }
            claimHeaders.add(new ClaimToHeader(header, claim));
        }
        String payloadHeader = n.field("outputPayloadToHeader").text();
        Duration timeout = null;
        String timeoutText = n.field("timeout").text();
        if (timeoutText != null) {
            timeout = parseGoDuration(timeoutText);
            if (timeout == null || timeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw n.field("timeout").error("must be a valid duration greater than 1ms");
            }
        }
        return new JwtRule(issuer, audiences, jwksUri, jwks, headers,
                n.field("fromParams").strings("location query must be non-empty string"),
                n.field("fromCookies").strings("cookie name must be non-empty string"),
                payloadHeader == null || payloadHeader.isEmpty() ? null : payloadHeader,
                n.field("forwardOriginalToken").bool(), claimHeaders, timeout,
                n.field("spaceDelimitedClaims").strings(true));
    }

    private AuthorizationPolicy authorizationPolicy(Node spec, Origin origin, ObjectMeta meta) throws PolicyException {
        spec.object("selector", "targetRef", "targetRefs", "rules", "action", "provider");
        WorkloadSelector selector = selector(spec);
        List<TargetRef> targets = targetRefs(spec);
        Action action = Action.ALLOW;
        String actionText = spec.field("action").text();
        if (actionText != null) {
            try {
                action = Action.valueOf(actionText);
            } catch (IllegalArgumentException e) {
                throw spec.field("action").error("'" + actionText + "' is not one of ALLOW, DENY, AUDIT, CUSTOM");
            }
        }
        String provider = null;
        Node providerNode = spec.field("provider");
        if (providerNode.present()) {
            providerNode.object("name");
            provider = providerNode.field("name").requiredText();
            if (action != Action.CUSTOM) {
                throw providerNode.error("can only be set with action CUSTOM");
            }
        } else if (action == Action.CUSTOM) {
            throw providerNode.error("is required with action CUSTOM");
        }
        List<Rule> rules = new ArrayList<>();
        for (Node rule : spec.field("rules").items()) {
            rules.add(rule(rule));
        }
        if (rules.isEmpty() && (action == Action.CUSTOM || action == Action.DENY)) {
            throw spec.field("rules").error(action + " action without `rules` is meaningless as it will never be triggered,"
                    + " add an empty rule `{}` if you want it be triggered for every request");
        }
        if (action == Action.CUSTOM) {
            checkCustomRules(spec, rules);
        }
        return new AuthorizationPolicy(origin, meta, selector, targets, action, provider, rules);
    }

    /** Istio's webhook: a CUSTOM policy may not match on the peer identity nor on the request's JWT. */
    private static void checkCustomRules(Node spec, List<Rule> rules) throws PolicyException {
        RuleField[] identity = {RuleField.NAMESPACES, RuleField.SERVICE_ACCOUNTS, RuleField.TRUST_DOMAINS,
                RuleField.PRINCIPALS, RuleField.REQUEST_PRINCIPALS};
        for (int r = 0; r < rules.size(); r++) {
            Node at = spec.field("rules").items().get(r);
            for (Source s : rules.get(r).from()) {
                for (RuleField f : identity) {
                    for (boolean negated : new boolean[] {false, true}) {
                        if (!s.values(f, negated).isEmpty()) {
                            String name = f.name(negated);
                            throw at.error("From." + Character.toUpperCase(name.charAt(0)) + name.substring(1)
                                    + " is currently not supported with CUSTOM action");
                        }
                    }
                }
            }
            for (Condition c : rules.get(r).when()) {
                String k = c.key();
                if (k.equals("source.namespace") || k.equals("source.serviceAccount") || k.equals("source.trustDomain")
                        || k.equals("source.principal") || k.startsWith("request.auth.")) {
                    throw at.error(k + " is currently not supported with CUSTOM action");
                }
            }
        }
    }

    private Rule rule(Node n) throws PolicyException {
        n.object("from", "to", "when");
        List<Source> from = new ArrayList<>();
        Node fromNode = n.field("from");
        if (fromNode.present() && fromNode.items().isEmpty()) {
            throw fromNode.error("must not be empty");
        }
        for (Node f : fromNode.items()) {
            f.object("source");
            Map<RuleField, List<String>>[] fields = fieldSet(f.field("source"), RuleField.Part.SOURCE);
            Source source = new Source(fields[0], fields[1]);
            if (source.has(RuleField.SERVICE_ACCOUNTS)
                    && (source.has(RuleField.PRINCIPALS) || source.has(RuleField.NAMESPACES))) {
                throw f.field("source").error("cannot set serviceAccounts with namespaces or principals");
            }
            from.add(source);
        }
        List<Operation> to = new ArrayList<>();
        Node toNode = n.field("to");
        if (toNode.present() && toNode.items().isEmpty()) {
            throw toNode.error("must not be empty");
        }
        for (Node t : toNode.items()) {
            t.object("operation");
            Map<RuleField, List<String>>[] fields = fieldSet(t.field("operation"), RuleField.Part.OPERATION);
            to.add(new Operation(fields[0], fields[1]));
        }
        List<Condition> when = new ArrayList<>();
        for (Node w : n.field("when").items()) {
            w.object("key", "values", "notValues");
            String key = w.field("key").requiredText();
            List<String> values = w.field("values").strings(false);
            List<String> notValues = w.field("notValues").strings(false);
            if (values.isEmpty() && notValues.isEmpty()) {
                throw w.error("at least one of values or notValues must be set for key " + key);
            }
            when.add(new Condition(key, values, notValues));
        }
        return new Rule(from, to, when);
    }

    /** The fields of a source or operation, each read once into its {@link RuleField}; unknown names are errors. */
    private static Map<RuleField, List<String>>[] fieldSet(Node n, RuleField.Part part) throws PolicyException {
        if (!n.present()) {
            throw n.error("is required");
        }
        n.object(RuleField.yamlNames(part).toArray(new String[0]));
        @SuppressWarnings("unchecked")
        Map<RuleField, List<String>>[] out = new Map[] {new EnumMap<RuleField, List<String>>(RuleField.class),
                new EnumMap<RuleField, List<String>>(RuleField.class)};
        for (RuleField field : RuleField.of(part)) {
            for (int negated = 0; negated < 2; negated++) {
                Node f = n.field(field.name(negated == 1));
                List<String> values = f.strings(false);
                if (field == RuleField.SERVICE_ACCOUNTS && values.size() > 16) {
                    throw f.error("must have at most 16 items");
                }
                if (!values.isEmpty()) {
                    out[negated].put(field, values);
                }
            }
        }
        if (out[0].isEmpty() && out[1].isEmpty()) {
            throw n.error("must not be empty");
        }
        return out;
    }

    private static WorkloadSelector selector(Node spec) throws PolicyException {
        Node n = spec.field("selector");
        if (!n.present()) {
            return null;
        }
        if (spec.field("targetRef").present() || spec.field("targetRefs").present()) {
            throw spec.error("only one of targetRefs or selector can be set");
        }
        n.object("matchLabels");
        Map<String, String> labels = n.field("matchLabels").stringMap();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            Node label = n.field("matchLabels").field(e.getKey());
            if (e.getKey().isEmpty()) {
                throw n.field("matchLabels").error("key must not be empty");
            }
            if (e.getKey().contains("*")) {
                throw label.error("wildcard not allowed in label key match");
            }
            if (e.getValue().contains("*")) {
                throw label.error("wildcard not allowed in label value match");
            }
        }
        return new WorkloadSelector(labels);
    }

    private static List<TargetRef> targetRefs(Node spec) throws PolicyException {
        List<TargetRef> out = new ArrayList<>();
        Node single = spec.field("targetRef");
        Node many = spec.field("targetRefs");
        if (single.present() && many.present()) {
            throw spec.error("only one of targetRefs or selector can be set");
        }
        if (single.present()) {
            out.add(targetRef(single));
        }
        for (Node n : many.items()) {
            out.add(targetRef(n));
        }
        return out;
    }

    private static TargetRef targetRef(Node n) throws PolicyException {
        n.object("group", "kind", "name", "namespace");
        String namespace = n.field("namespace").text();
        if (namespace != null && !namespace.isEmpty()) {
            throw n.field("namespace").error("cross namespace referencing is not currently supported");
        }
        n.field("group").text();
        return new TargetRef(n.field("kind").requiredText(), n.field("name").requiredText());
    }

    /** Parses a Go/Kubernetes duration such as {@code 5s}, {@code 1m30s} or {@code 500ms}; null when malformed. */
    static Duration parseGoDuration(String text) {
        if (text.isEmpty()) {
            return null;
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        int end = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            end = m.end();
            double n = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ns": nanos += n; break;
                case "us": case "µs": nanos += n * 1e3; break;
                case "ms": nanos += n * 1e6; break;
                case "s": nanos += n * 1e9; break;
                case "m": nanos += n * 60e9; break;
                default: nanos += n * 3600e9; break;
            }
        }
        return end == text.length() ? Duration.ofNanos((long) nanos) : null;
    }
}
