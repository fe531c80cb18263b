package dev.meshguard.policy;

import dev.meshguard.log.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which policies apply to this workload, by Istio's rules: a policy in the root namespace or in the workload's
 * namespace applies when it has no selector or its {@code matchLabels} are a subset of the workload's labels.
 * A policy with {@code targetRef}/{@code targetRefs} binds to a gateway or waypoint, never to a workload, so it
 * is left out (logged once per policy).
 */
public final class WorkloadScope {
    private static final Logger LOG = Logger.get(WorkloadScope.class);

    private final String namespace;
    private final Map<String, String> labels;
    private final String rootNamespace;
    private final Set<String> reportedTargetRefs = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());

    public WorkloadScope(String namespace, Map<String, String> labels, String rootNamespace) {
        this.namespace = namespace;
        this.labels = Collections.unmodifiableMap(labels);
        this.rootNamespace = rootNamespace;
    }

    /** True when {@code resource} applies to this workload. */
    public boolean applies(PolicyResource resource) {
        String ns = resource.metadata().namespace();
        if (!ns.equals(namespace) && !ns.equals(rootNamespace)) {
            return false;
        }
        if (!resource.targetRefs().isEmpty()) {
            if (reportedTargetRefs.add(resource.toString())) {
                LOG.info("{} targets {} and applies to gateways or waypoints only, not to this workload",
                        resource, resource.targetRefs());
            }
            return false;
        }
        return resource.selector() == null || resource.selector().matches(labels);
    }

    /** The policies of {@code all} that apply to this workload, in their original order. */
    public PolicySet select(PolicySet all) {
        List<RequestAuthentication> authentications = new ArrayList<>();
        for (RequestAuthentication r : all.requestAuthentications()) {
            if (applies(r)) {
                authentications.add(r);
            }
        }
        List<AuthorizationPolicy> authorizations = new ArrayList<>();
        for (AuthorizationPolicy p : all.authorizationPolicies()) {
            if (applies(p)) {
                authorizations.add(p);
            }
        }
        return new PolicySet(authentications, authorizations);
    }

    @Override
    public String toString() { return "namespace " + namespace + " labels " + labels + " root " + rootNamespace; }
}
