package dev.meshguard.policy;

import java.util.Collections;
import java.util.Map;

/** The Kubernetes metadata of a policy resource that matters to Meshguard. */
public final class ObjectMeta {
    /** Istio's annotation that turns an AuthorizationPolicy into a log-only one. */
    public static final String DRY_RUN_ANNOTATION = "istio.io/dry-run";

    private final String name;
    private final String namespace;
    private final Map<String, String> annotations;

    public ObjectMeta(String name, String namespace, Map<String, String> annotations) {
        this.name = name;
        this.namespace = namespace;
        this.annotations = Collections.unmodifiableMap(annotations);
    }

    public String name() { return name; }

    /** The resource's namespace; never null (the loader fills in the workload's namespace when absent). */
    public String namespace() { return namespace; }

    public Map<String, String> annotations() { return annotations; }

    /**
     * Go's {@code strconv.ParseBool}, with which Istio reads {@code istio.io/dry-run}: {@code 1 t T TRUE true True}
     * are true, {@code 0 f F FALSE false False} false; anything else is null.
     */
    public static Boolean parseBool(String value) {
        switch (value) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True": return Boolean.TRUE;
            case "0": case "f": case "F": case "FALSE": case "false": case "False": return Boolean.FALSE;
            default: return null;
        }
    }

    /** {@code namespace/name}, the way Istio names a policy in its logs. */
    public String qualifiedName() { return namespace + "/" + name; }

    @Override
    public String toString() { return qualifiedName(); }
}
