package dev.meshguard.jwt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tokens whose signature was already verified, so a repeated token costs one slot read and one string comparison
 * instead of a signature check. Direct-mapped: a token goes to the slot chosen by a hash of its last characters (the
 * end of its signature, which differs for every token), so a lookup never hashes the whole token; a token that lands
 * on an occupied slot replaces it. At most {@link #SLOTS} tokens and {@link #MAX_CHARS} characters of token text
 * (about 4 MiB, tokens being ASCII); past that the cache is emptied and refills. Only verified tokens are stored, so
 * forged tokens cannot evict anything. An entry remembers the key set that verified it and is ignored once that set
 * is replaced; time claims are checked on every hit. One cache per compiled policy version, so a reload starts empty.
 */
final class TokenCache {
    static final int SLOTS = 4096;
    static final long MAX_CHARS = 4L * 1024 * 1024;
    private static final int HASHED_CHARS = 16;

    /** The result last returned for a token found in given locations: the same token in the same places gets it again. */
    static final class Outcome {
        final boolean[] foundAt;
        final AuthResult result;

        Outcome(boolean[] foundAt, AuthResult result) {
            this.foundAt = foundAt;
            this.result = result;
        }
    }

    /** What a verified token established. */
    static final class Entry {
        final CompiledRule rule;
        final KeySet keys;
        final Claims claims;
        final JwtIdentity identity;
        volatile Outcome last;

        Entry(CompiledRule rule, KeySet keys, Claims claims, JwtIdentity identity) {
            this.rule = rule;
            this.keys = keys;
            this.claims = claims;
            this.identity = identity;
        }
    }

    private static final class Slot {
        final String token;
        final Entry entry;

        Slot(String token, Entry entry) {
            this.token = token;
            this.entry = entry;
        }
    }

    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);
    private final AtomicLong chars = new AtomicLong();

    Entry get(String token) {
        Slot slot = slots.get(index(token));
        return slot != null && slot.token.equals(token) ? slot.entry : null;
    }

    void put(String token, Entry entry) {
        Slot old = slots.getAndSet(index(token), new Slot(token, entry));
        long total = chars.addAndGet(token.length() - (old == null ? 0 : old.token.length()));
        if (total > MAX_CHARS) {
            clear();
        }
    }

    private void clear() {
        for (int i = 0; i < SLOTS; i++) {
            Slot old = slots.getAndSet(i, null);
            if (old != null) {
                chars.addAndGet(-old.token.length());
            }
        }
    }

    /** The number of cached tokens (counts every slot: for tests and diagnostics, not the request path). */
    int size() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            n += slots.get(i) == null ? 0 : 1;
        }
        return n;
    }

    long chars() { return chars.get(); }

    static int index(String token) {
        int n = token.length();
        int h = n;
        for (int i = Math.max(0, n - HASHED_CHARS); i < n; i++) {
            h = 31 * h + token.charAt(i);
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
