package dev.meshguard.policy;

/** Istio's {@code PolicyTargetReference}; policies carrying one bind to gateways or waypoints, not to this workload. */
public final class TargetRef {
    private final String kind;
    private final String name;

    public TargetRef(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    @Override
    public String toString() { return kind + "/" + name; }
}
