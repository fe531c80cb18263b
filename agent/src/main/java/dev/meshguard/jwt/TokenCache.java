package dev.meshguard.jwt;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature was already verified, keyed by the exact token text, so a repeated token costs a map
 * lookup instead of a signature check. Bounded to {@link #MAX_ENTRIES} tokens and {@link #MAX_CHARS} characters of
 * token text (about 8 MiB); when either bound is reached the cache is emptied and refills. An entry remembers the
 * key set that verified it and is ignored once that set is replaced; time claims are checked on every hit. One cache
 * per compiled policy version, so a reload starts empty.
 */
final class TokenCache {
    static final int MAX_ENTRIES = 4096;
    static final long MAX_CHARS = 4L * 1024 * 1024;

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
        final dev.meshguard.jwt.JwtIdentity identity;
        volatile Outcome last;

        Entry(CompiledRule rule, KeySet keys, Claims claims, JwtIdentity identity) {
            this.rule = rule;
            this.keys = keys;
            this.claims = claims;
            this.identity = identity;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong chars = new java.util.concurrent.atomic.AtomicLong();

    Entry get(String token) {
        return entries.get(token);
    }

    void put(String token, Entry entry) {
        if (entries.size() >= MAX_ENTRIES || chars.get() + token.length() > MAX_CHARS) {
            entries.clear();
            chars.set(0);
        }
        if (entries.put(token, entry) == null) {
            chars.addAndGet(token.length());
        }
    }

    int size() { return entries.size(); }
}
