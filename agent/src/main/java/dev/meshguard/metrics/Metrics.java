package dev.meshguard.metrics;

/**
 * What the agent counts. {@link #NO_OP} when {@code MESHGUARD_METRICS_PORT} is unset; {@link Registry} otherwise.
 * Implementations are thread-safe and cheap enough for the request path.
 */
public interface Metrics {

    /** The outcome classes of a request. */
    enum Decision { ALLOW, DENY, UNAUTHENTICATED, FAIL_CLOSED, DRY_RUN_ALLOW }

    /** One decided request: its outcome, what decided it (policy or JWT failure), and how long deciding took. */
    void decision(Decision decision, String reason, String policy, long nanos);

    /** A key-set fetch from {@code source} that succeeded or failed. */
    void jwksFetch(String source, boolean success);

    /** A policy version accepted or rejected. */
    void reload(boolean success);

    /** Counts nothing. */
    Metrics NO_OP = new Metrics() {
        @Override
        public void decision(Decision decision, String reason, String policy, long nanos) {
        }

        @Override
        public void jwksFetch(String source, boolean success) {
        }

        @Override
        public void reload(boolean success) {
        }
    };
}
