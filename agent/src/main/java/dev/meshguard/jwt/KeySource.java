package dev.meshguard.jwt;

/**
 * The key set of one remote JWKS as last fetched: read on the request path without waiting, replaced by the
 * {@link JwksFetcher}'s thread. Null until a first fetch succeeds.
 */
final class KeySource {
    /** A token naming an unknown {@code kid} triggers at most one early re-fetch per this many milliseconds. */
    static final long UNKNOWN_KID_REFETCH_MILLIS = 30_000;

    final String location;
    final boolean discovery;
    volatile java.time.Duration timeout;
    volatile KeySet keys;
    volatile long lastSuccessMillis;
    volatile long lastAttemptMillis;
    volatile long lastEarlyRefetchMillis;
    volatile boolean refetchRequested;

    KeySource(String location, boolean discovery, java.time.Duration timeout) {
        this.location = location;
        this.discovery = discovery;
        this.timeout = timeout;
    }

    /** The current keys, or null when none were ever fetched. */
    KeySet current() { return keys; }

    /** Asks for an early re-fetch (a token named a key we do not have); rate-limited, never blocks. */
    void requestRefetch(long nowMillis) {
        if (nowMillis - lastEarlyRefetchMillis >= UNKNOWN_KID_REFETCH_MILLIS) {
            lastEarlyRefetchMillis = nowMillis;
            refetchRequested = true;
        }
    }
}
