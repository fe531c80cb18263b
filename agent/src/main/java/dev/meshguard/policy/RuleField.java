package dev.meshguard.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every field of a rule's {@code from[].source} and {@code to[].operation}, as Istio's API names them: each field
 * has a positive name ({@code paths}) and a negated one ({@code notPaths}). Read once by the loader; the authorization
 * compiler and {@code validate} switch on these values, so no field name is ever matched as text again, and a field
 * the loader does not know is a load error, never another field's meaning.
 */
public enum RuleField {
    PRINCIPALS(Part.SOURCE, "principals"),
    REQUEST_PRINCIPALS(Part.SOURCE, "requestPrincipals"),
    NAMESPACES(Part.SOURCE, "namespaces"),
    SERVICE_ACCOUNTS(Part.SOURCE, "serviceAccounts"),
    IP_BLOCKS(Part.SOURCE, "ipBlocks"),
    REMOTE_IP_BLOCKS(Part.SOURCE, "remoteIpBlocks"),
    TRUST_DOMAINS(Part.SOURCE, "trustDomains"),
    HOSTS(Part.OPERATION, "hosts"),
    PORTS(Part.OPERATION, "ports"),
    METHODS(Part.OPERATION, "methods"),
    PATHS(Part.OPERATION, "paths");

    /** Where a field is written. */
    public enum Part { SOURCE, OPERATION }

    private final Part part;
    private final String positive;
    private final String negated;

    RuleField(Part part, String positive) {
        this.part = part;
        this.positive = positive;
        this.negated = "not" + Character.toUpperCase(positive.charAt(0)) + positive.substring(1);
    }

    /** The name of this field, negated or not. */
    public String name(boolean negation) { return negation ? negated : positive; }

    /** The fields of {@code part}, in the API's order. */
    public static List<RuleField> of(Part part) {
        List<RuleField> out = new ArrayList<>();
        for (RuleField f : values()) {
            if (f.part == part) {
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Every YAML name of {@code part}'s fields, positive and negated. */
    static List<String> yamlNames(Part part) {
        List<String> out = new ArrayList<>();
        for (RuleField f : of(part)) {
            out.add(f.positive);
            out.add(f.negated);
        }
        return out;
    }
}
