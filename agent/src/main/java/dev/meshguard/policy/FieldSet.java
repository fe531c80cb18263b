package dev.meshguard.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A {@code source} or {@code operation}: for each {@link RuleField} present, its values and its negated values. */
public abstract class FieldSet {
    private final Map<RuleField, List<String>> values;
    private final Map<RuleField, List<String>> notValues;

    FieldSet(Map<RuleField, List<String>> values, Map<RuleField, List<String>> notValues) {
        this.values = copy(values);
        this.notValues = copy(notValues);
    }

    private static Map<RuleField, List<String>> copy(Map<RuleField, List<String>> m) {
        Map<RuleField, List<String>> c = new EnumMap<>(RuleField.class);
        for (Map.Entry<RuleField, List<String>> e : m.entrySet()) {
            c.put(e.getKey(), Collections.unmodifiableList(e.getValue()));
        }
        return Collections.unmodifiableMap(c);
    }

    /** The values of a field ({@code paths}); empty when absent. */
    public List<String> values(RuleField field) {
        List<String> v = values.get(field);
        return v == null ? Collections.<String>emptyList() : v;
    }

    /** The values of a field's negation ({@code notPaths}); empty when absent. */
    public List<String> notValues(RuleField field) {
        List<String> v = notValues.get(field);
        return v == null ? Collections.<String>emptyList() : v;
    }

    /** The values of the field, or of its negation. */
    public List<String> values(RuleField field, boolean negated) {
        return negated ? notValues(field) : values(field);
    }

    /** True when the field or its negation is present. */
    public boolean has(RuleField field) {
        return values.containsKey(field) || notValues.containsKey(field);
    }
}
