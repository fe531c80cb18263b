package dev.meshguard.bootstrap;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Request header changes an allowed request carries into the application (Istio's JWT filter outputs):
 * headers to remove, then headers to set (replacing any incoming copy).
 */
public final class HeaderMutation {
    private static final HeaderMutation NONE = new HeaderMutation(
            Collections.<String>emptyList(), Collections.<String, String>emptyMap());

    private final List<String> remove;
    private final Map<String, String> set;

    public HeaderMutation(List<String> remove, Map<String, String> set) {
        this.remove = Collections.unmodifiableList(remove);
        this.set = Collections.unmodifiableMap(set);
    }

    public static HeaderMutation none() { return NONE; }

    /** Header names to remove (case-insensitive). */
    public List<String> remove() { return remove; }

    /** Header name to value; applied after {@link #remove()}, replacing any existing value. */
    public Map<String, String> set() { return set; }

    public boolean isEmpty() { return remove.isEmpty() && set.isEmpty(); }

    /** Applies the changes to {@code headers} through {@code server}: removals first, then replacements. */
    public <Q> void applyTo(Q headers, RequestHeaders<Q> server) {
        for (String name : remove) {
            server.remove(headers, name);
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            server.set(headers, e.getKey(), e.getValue());
        }
    }
}
