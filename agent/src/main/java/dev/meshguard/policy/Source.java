package dev.meshguard.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A rule's {@code from[].source}: who sent the request. Fields are ANDed, a field's values ORed. */
public final class Source extends FieldSet {
    /** Every field Istio defines for {@code Source}, by its YAML name. */
    public static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList(
            "principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals",
            "namespaces", "notNamespaces", "serviceAccounts", "notServiceAccounts",
            "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks",
            "trustDomains", "notTrustDomains"));

    public Source(Map<String, List<String>> fields) {
        super(fields);
    }
}
