package dev.meshguard.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code source} or {@code operation}: named string lists, of which only the present ones are kept. */
public abstract class FieldSet {
    private final Map<String, List<String>> fields;

    FieldSet(Map<String, List<String>> fields) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            copy.put(e.getKey(), Collections.unmodifiableList(e.getValue()));
        }
        this.fields = Collections.unmodifiableMap(copy);
    }

    /** The present fields by their YAML name (e.g. {@code notPaths}), in document order. */
    public Map<String, List<String>> fields() { return fields; }

    /** The values of a field by its YAML name; empty when absent. */
    public List<String> values(String field) {
        List<String> v = fields.get(field);
        return v == null ? Collections.<String>emptyList() : v;
    }
}
