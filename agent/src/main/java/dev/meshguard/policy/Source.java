package dev.meshguard.policy;

import java.util.List;
import java.util.Map;

/** A rule's {@code from[].source}: who sent the request. Fields are ANDed, a field's values ORed. */
public final class Source extends FieldSet {

    public Source(Map<RuleField, List<String>> values, Map<RuleField, List<String>> notValues) {
        super(values, notValues);
    }
}
