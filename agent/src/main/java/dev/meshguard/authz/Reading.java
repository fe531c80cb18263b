package dev.meshguard.authz;

/**
 * One way of reading a request's path and host. Policies are matched under Envoy's reading, as Istio matches them;
 * where the server reads the request differently, they are matched again under the server's reading, and a request
 * either reading denies is denied. So a deliberate difference from Envoy can only ever deny more.
 */
public enum Reading {
    /** The {@code :path} after Istio's {@code BASE} normalisation, and the host exactly as sent. */
    ENVOY("as Envoy reads it"),
    /** The path the server routes on, and the host without its port or trailing dot. */
    SERVER("as the server routes it");

    private final String description;

    Reading(String description) {
        this.description = description;
    }

    /** For the decision log, e.g. {@code as the server routes it}. */
    public String description() { return description; }
}
