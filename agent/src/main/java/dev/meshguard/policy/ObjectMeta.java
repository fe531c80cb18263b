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
     * True when Go's {@code strconv.ParseBool}, with which Istio reads {@code istio.io/dry-run}, reads {@code value}
     * as true: {@code 1 t T TRUE true True}.
     */
    public static boolean goTrue(String value) {
        switch (value) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True": return true;
            default: return false;
        }
    }

    /** True when Go's {@code strconv.ParseBool} accepts {@code value}: a {@link #goTrue} value or {@code 0 f F FALSE false False}. */
    public static boolean goBool(String value) {
        switch (value) {
            case "0": case "f": case "F": case "FALSE": case "false": case "False": return true;
            default: return goTrue(value);
        }
    }

    /** {@code namespace/name}, the way Istio names a policy in its logs. */
    public String qualifiedName() { return namespace + "/" + name; }

    @Override
    public String toString() { return qualifiedName(); }
}
