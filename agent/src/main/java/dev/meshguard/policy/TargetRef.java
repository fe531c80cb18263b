package dev.meshguard.policy;

/** Istio's {@code PolicyTargetReference}; policies carrying one bind to gateways or waypoints, not to this workload. */
public final class TargetRef {
    private final String group;
    private final String kind;
    private final String name;
    private final String namespace;

    public TargetRef(String group, String kind, String name, String namespace) {
        this.group = group;
        this.kind = kind;
        this.name = name;
        this.namespace = namespace;
    }

    public String group() { return group; }

    public String kind() { return kind; }

    public String name() { return name; }

    public String namespace() { return namespace; }

    @Override
    public String toString() { return kind + "/" + name; }
}
