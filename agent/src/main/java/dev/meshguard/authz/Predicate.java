package dev.meshguard.authz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One compiled test of a request: a field of a source or operation, a {@code when} condition, or a whole rule. */
interface Predicate {
    boolean test(RequestAttributes a);

    /** Reads one string attribute; null when absent. */
    interface Text {
        String of(RequestAttributes a);
    }

    /** Reads a multi-valued attribute (audiences, claims); empty when absent. */
    interface Texts {
        List<String> of(RequestAttributes a);
    }

    /** Reads an address attribute; null when absent. */
    interface Address {
        byte[] of(RequestAttributes a);
    }

    static Predicate not(final Predicate p) {
        return a -> !p.test(a);
    }

    static Predicate all(final List<Predicate> ps) {
        if (ps.size() == 1) {
            return ps.get(0);
        }
        final Predicate[] array = ps.toArray(new Predicate[0]);
        return a -> {
            for (Predicate p : array) {
                if (!p.test(a)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Predicate any(final List<Predicate> ps) {
        if (ps.size() == 1) {
            return ps.get(0);
        }
        final Predicate[] array = ps.toArray(new Predicate[0]);
        return a -> {
            for (Predicate p : array) {
                if (p.test(a)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Predicate text(final Text get, final List<StringMatcher> matchers) {
        final StringMatcher[] ms = matchers.toArray(new StringMatcher[0]);
        return a -> {
            String v = get.of(a);
            for (StringMatcher m : ms) {
                if (m.matches(v)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Predicate texts(final Texts get, final List<StringMatcher> matchers) {
        final StringMatcher[] ms = matchers.toArray(new StringMatcher[0]);
        return a -> {
            for (String v : get.of(a)) {
                for (StringMatcher m : ms) {
                    if (m.matches(v)) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    static Predicate address(final Address get, final List<IpBlock> blocks) {
        final IpBlock[] bs = blocks.toArray(new IpBlock[0]);
        return a -> {
            byte[] ip = get.of(a);
            for (IpBlock b : bs) {
                if (b.contains(ip)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Claim values at {@code path}: a string (split on spaces when the claim is space-delimited), or a list's strings. */
    static List<String> claim(RequestAttributes a, String[] path) {
        if (a.identity == null) {
            return Collections.emptyList();
        }
        Map<String, Object> claims = a.identity.claims();
        Object v = claims.get(path[0]);
        if (v == null && path.length == 1 && path[0].indexOf('.') > 0) {
            return claim(a, path[0].split("\\."));
        }
        for (int i = 1; i < path.length && v != null; i++) {
            v = v instanceof Map ? ((Map<?, ?>) v).get(path[i]) : null;
        }
        if (v instanceof String) {
            String s = (String) v;
            if (path.length == 1 && a.identity.spaceDelimitedClaims().contains(path[0])) {
                List<String> parts = new ArrayList<>();
                for (String part : s.split(" ")) {
                    if (!part.isEmpty()) {
                        parts.add(part);
                    }
                }
                return parts;
            }
            return Collections.singletonList(s);
        }
        if (v instanceof List) {
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (o instanceof String) {
                    out.add((String) o);
                }
            }
            return out;
        }
        return Collections.emptyList();
    }
}
