package dev.meshguard.policy;

import java.util.Collections;
import java.util.List;

/** What {@link RequestAuthentication} and {@link AuthorizationPolicy} share: metadata, selector, target refs. */
public abstract class PolicyResource {
    private final Origin origin;
    private final ObjectMeta metadata;
    private final WorkloadSelector selector;
    private final List<TargetRef> targetRefs;

    protected PolicyResource(Origin origin, ObjectMeta metadata, WorkloadSelector selector, List<TargetRef> targetRefs) {
        this.origin = origin;
        this.metadata = metadata;
        this.selector = selector;
        this.targetRefs = Collections.unmodifiableList(targetRefs);
    }

    /** The resource kind as written in YAML. */
    public abstract String kind();

    public Origin origin() { return origin; }

    public ObjectMeta metadata() { return metadata; }

    /** The selector, or null when the resource has none (it then applies namespace-wide). */
    public WorkloadSelector selector() { return selector; }

    /** {@code targetRef} and {@code targetRefs} together, in that order; empty when neither is set. */
    public List<TargetRef> targetRefs() { return targetRefs; }

    @Override
    public String toString() { return kind() + " " + metadata.qualifiedName(); }
}
