package dev.meshguard.bootstrap;

import java.util.Collections;
import java.util.Map;

/**
 * The outcome for one request, ready for a hook to enforce: either let it through with {@link #mutation()} applied,
 * or answer it with {@link #status()}, {@link #responseHeaders()} and {@link #body()} (text/plain, UTF-8).
 * {@link #explanation()} says what decided, for the decision log.
 */
public final class Verdict {
    private final int status;
    private final Map<String, String> responseHeaders;
    private final String body;
    private final HeaderMutation mutation;
    private final String explanation;

    private static final Map<String, String> NO_HEADERS = Collections.emptyMap();

    private Verdict(int status, Map<String, String> responseHeaders, String body, HeaderMutation mutation,
                    String explanation) {
        this.status = status;
        this.responseHeaders = responseHeaders.isEmpty() ? NO_HEADERS : Collections.unmodifiableMap(responseHeaders);
        this.body = body;
        this.mutation = mutation;
        this.explanation = explanation;
    }

    /** Let the request through, after applying {@code mutation}. */
    public static Verdict allow(HeaderMutation mutation, String explanation) {
        return new Verdict(0, NO_HEADERS, "", mutation, explanation);
    }

    /** Answer the request directly; the application never sees it. */
    public static Verdict deny(int status, Map<String, String> responseHeaders, String body, String explanation) {
        return new Verdict(status, responseHeaders, body, HeaderMutation.none(), explanation);
    }

    public boolean allowed() { return status == 0; }

    /** The HTTP status of a denial (401, 403, 503, ...); 0 when allowed. */
    public int status() { return status; }

    /** Extra response headers of a denial, e.g. {@code WWW-Authenticate}; Content-Type and -Length are implied. */
    public Map<String, String> responseHeaders() { return responseHeaders; }

    /** The text/plain body of a denial; empty when allowed. */
    public String body() { return body; }

    /** Request header changes for an allowed request. */
    public HeaderMutation mutation() { return mutation; }

    /** What decided, e.g. {@code DENY ns/deny-all rule 0} or {@code 401 Jwt is expired}. */
    public String explanation() { return explanation; }

    @Override
    public String toString() { return (allowed() ? "ALLOW" : String.valueOf(status)) + " " + explanation; }
}
