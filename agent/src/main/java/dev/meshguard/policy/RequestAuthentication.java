package dev.meshguard.policy;

import java.util.Collections;
import java.util.List;

/** Istio's {@code RequestAuthentication} resource. */
public final class RequestAuthentication extends PolicyResource {
    public static final String KIND = "RequestAuthentication";

    private final List<JwtRule> jwtRules;

    public RequestAuthentication(Origin origin, ObjectMeta metadata, WorkloadSelector selector,
                                 List<TargetRef> targetRefs, List<JwtRule> jwtRules) {
        super(origin, metadata, selector, targetRefs);
        this.jwtRules = Collections.unmodifiableList(jwtRules);
    }

    @Override
    public String kind() { return KIND; }

    public List<JwtRule> jwtRules() { return jwtRules; }
}
