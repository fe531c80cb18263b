package dev.meshguard.policy;

import java.util.List;
import java.util.Map;

/** A rule's {@code to[].operation}: what the request does. Fields are ANDed, a field's values ORed. */
public final class Operation extends FieldSet {

    public Operation(Map<RuleField, List<String>> values, Map<RuleField, List<String>> notValues) {
        super(values, notValues);
    }
}
