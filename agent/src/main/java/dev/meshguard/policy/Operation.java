package dev.meshguard.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A rule's {@code to[].operation}: what the request does. Fields are ANDed, a field's values ORed. */
public final class Operation extends FieldSet {
    /** Every field Istio defines for {@code Operation}, by its YAML name. */
    public static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList(
            "hosts", "notHosts", "ports", "notPorts", "methods", "notMethods", "paths", "notPaths"));

    public Operation(Map<String, List<String>> fields) {
        super(fields);
    }
}
