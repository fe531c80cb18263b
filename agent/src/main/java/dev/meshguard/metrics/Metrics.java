package dev.meshguard.metrics;

import dev.meshguard.decision.Outcome;

/**
 * What the agent counts. {@link #NO_OP} when {@code MESHGUARD_METRICS_PORT} is unset; {@link Registry} otherwise.
 * Implementations are thread-safe and cheap enough for the request path.
 */
public interface Metrics {

    /** False for {@link #NO_OP}: the request path then does not even read the clock. */
    boolean enabled();

    /** One decided request: its outcome, the local port it came to, and how long deciding took. */
    void decision(Outcome outcome, int localPort, long nanos);

    /** A key-set fetch from {@code source} that succeeded or failed. */
    void jwksFetch(String source, boolean success);

    /** A token looked up in the verified-token cache, on a request to {@code localPort}: found or not. */
    void tokenCache(boolean hit, int localPort);

    /** A policy version accepted or rejected. */
    void reload(boolean success);

    /** Counts nothing. */
    Metrics NO_OP = new Metrics() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void decision(Outcome outcome, int localPort, long nanos) {
        }

        @Override
        public void jwksFetch(String source, boolean success) {
        }

        @Override
        public void tokenCache(boolean hit, int localPort) {
        }

        @Override
        public void reload(boolean success) {
        }
    };
}
