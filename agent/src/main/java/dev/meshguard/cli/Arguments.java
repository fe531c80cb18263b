package dev.meshguard.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A command line's positional arguments and {@code --name value} options; every misuse is a {@link UsageException}. */
final class Arguments {
    private final List<String> positional = new ArrayList<>();
    private final List<String[]> options = new ArrayList<>();

    Arguments(String... args) {
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String a = list.get(i);
            if (a.startsWith("--")) {
                if (i + 1 >= list.size()) {
                    throw new UsageException(a + " needs a value");
                }
                options.add(new String[] {a, list.get(++i)});
            } else {
                positional.add(a);
            }
        }
    }

    String positional(int index, String name) {
        if (index >= positional.size()) {
            throw new UsageException("missing " + name);
        }
        return positional.set(index, null);
    }

    /** An optional positional argument, or null. */
    String positionalOrNull(int index) {
        return index < positional.size() ? positional.set(index, null) : null;
    }

    /** The last value of an option, or {@code fallback}. */
    String option(String name, String fallback) {
        String value = fallback;
        for (String[] o : options) {
            if (name.equals(o[0])) {
                value = o[1];
                o[0] = null;
            }
        }
        return value;
    }

    /** Every value of a repeatable option. */
    List<String> options(String name) {
        List<String> values = new ArrayList<>();
        for (String[] o : options) {
            if (name.equals(o[0])) {
                values.add(o[1]);
                o[0] = null;
            }
        }
        return values;
    }

    /** Fails on anything not read. */
    void requireConsumed() {
        for (String p : positional) {
            if (p != null) {
                throw new UsageException("unexpected argument " + p);
            }
        }
        for (String[] o : options) {
            if (o[0] != null) {
                throw new UsageException("unknown option " + o[0]);
            }
        }
    }

    /** A command used wrongly; the message says how. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
