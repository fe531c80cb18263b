package dev.meshguard.policy;

import java.util.Collections;
import java.util.List;

/** A rule's {@code when[]} entry: an attribute key with {@code values} and/or {@code notValues}. */
public final class Condition {
    private final String key;
    private final List<String> values;
    private final List<String> notValues;

    public Condition(String key, List<String> values, List<String> notValues) {
        this.key = key;
        this.values = Collections.unmodifiableList(values);
        this.notValues = Collections.unmodifiableList(notValues);
    }

    public String key() { return key; }

    public List<String> values() { return values; }

    public List<String> notValues() { return notValues; }
}
