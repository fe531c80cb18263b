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

    /** {@code namespace/name}, the way Istio names a policy in its logs. */
    public String qualifiedName() { return namespace + "/" + name; }

    @Override
    public String toString() { return qualifiedName(); }
}
