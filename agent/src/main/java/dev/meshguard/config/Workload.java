package dev.meshguard.config;

import java.util.Collections;
import java.util.Map;

/** The workload this JVM is: its namespace and labels, which decide which policies apply. */
public final class Workload {
    private final String namespace;
    private final Map<String, String> labels;

    public Workload(String namespace, Map<String, String> labels) {
        this.namespace = namespace;
        this.labels = Collections.unmodifiableMap(labels);
    }

    public String namespace() { return namespace; }

    public Map<String, String> labels() { return labels; }

    @Override
    public String toString() { return namespace + " " + labels; }
}
