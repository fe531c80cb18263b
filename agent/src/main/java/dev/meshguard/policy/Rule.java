package dev.meshguard.policy;

import java.util.Collections;
import java.util.List;

/** One {@code rules[]} entry: {@code from}, {@code to} and {@code when} are ANDed, entries within each ORed. */
public final class Rule {
    private final List<Source> from;
    private final List<Operation> to;
    private final List<Condition> when;

    public Rule(List<Source> from, List<Operation> to, List<Condition> when) {
        this.from = Collections.unmodifiableList(from);
        this.to = Collections.unmodifiableList(to);
        this.when = Collections.unmodifiableList(when);
    }

    /** The {@code from[].source} entries, in order. */
    public List<Source> from() { return from; }

    /** The {@code to[].operation} entries, in order. */
    public List<Operation> to() { return to; }

    public List<Condition> when() { return when; }
}
