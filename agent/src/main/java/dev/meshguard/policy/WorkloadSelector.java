package dev.meshguard.policy;

import java.util.Collections;
import java.util.Map;

/** Istio's {@code selector.matchLabels}: a policy applies when every label is on the workload. */
public final class WorkloadSelector {
    private final Map<String, String> matchLabels;

    public WorkloadSelector(Map<String, String> matchLabels) {
        this.matchLabels = Collections.unmodifiableMap(matchLabels);
    }

    public Map<String, String> matchLabels() { return matchLabels; }

    /** True when {@link #matchLabels()} is a subset of {@code workloadLabels}. */
    public boolean matches(Map<String, String> workloadLabels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(workloadLabels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
