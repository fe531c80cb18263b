package dev.meshguard.authz;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An authorization outcome: allowed, or denied with the status, headers and body to answer; what decided it; the
 * would-be effects of dry-run policies; and whether an AUDIT policy matched. Immutable.
 */
public final class Decision {
    /** Envoy's RBAC denial body. */
    public static final String RBAC_DENIED = "RBAC: access denied";

    private final boolean allowed;
    private final int status;
    private final String body;
    private final Map<String, String> headers;
    private final String explanation;
    private final List<String> dryRunFindings;
    private final boolean audited;

    Decision(boolean allowed, int status, String body, Map<String, String> headers, String explanation,
             List<String> dryRunFindings, boolean audited) {
        this.allowed = allowed;
        this.status = status;
        this.body = body;
        this.headers = Collections.unmodifiableMap(headers);
        this.explanation = explanation;
        this.dryRunFindings = Collections.unmodifiableList(dryRunFindings);
        this.audited = audited;
    }

    public boolean allowed() { return allowed; }

    /** 403, or the external authorizer's status; 0 when allowed. */
    public int status() { return status; }

    public String body() { return body; }

    /** Extra response headers of a denial (from an external authorizer); empty otherwise. */
    public Map<String, String> headers() { return headers; }

    /** What decided, e.g. {@code DENY foo/deny-admin rule 0} or {@code no ALLOW policy matched}. */
    public String explanation() { return explanation; }

    /** One line per dry-run policy that matched, saying what it would have done. */
    public List<String> dryRunFindings() { return dryRunFindings; }

    /** True when an AUDIT policy matched. */
    public boolean audited() { return audited; }

    @Override
    public String toString() { return (allowed ? "ALLOW" : "DENY " + status) + " (" + explanation + ")"; }
}
