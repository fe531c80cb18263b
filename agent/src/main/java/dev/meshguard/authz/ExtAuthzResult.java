package dev.meshguard.authz;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the external authorizer of a CUSTOM policy answered, as Envoy's {@code ext_authz} filter reads it: OK (HTTP
 * 200), DENIED (any other status below 500: its status, body and headers go to the client), or ERROR (a 5xx, a
 * timeout, no answer: 403 with no body). Immutable.
 */
public final class ExtAuthzResult {
    /** The three outcomes of a check. */
    public enum Kind { OK, DENIED, ERROR }

    private final Kind kind;
    private final int status;
    private final String body;
    private final Map<String, String> headers;
    private final String error;
    private final List<String> headersToRemove;

    private ExtAuthzResult(Kind kind, int status, String body, Map<String, String> headers, String error,
                           List<String> headersToRemove) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.headers = headers;
        this.error = error;
        this.headersToRemove = headersToRemove;
    }

    /** Allowed; the authorizer may name request headers to remove before the application sees the request. */
    public static ExtAuthzResult ok(List<String> headersToRemove) {
        return new ExtAuthzResult(Kind.OK, 200, "", Collections.<String, String>emptyMap(), null,
                Collections.unmodifiableList(headersToRemove));
    }

    /** Denied with the authorizer's answer: {@code headers} are those sent on to the client (names lower case). */
    public static ExtAuthzResult denied(int status, String body, Map<String, String> headers) {
        return new ExtAuthzResult(Kind.DENIED, status, body, Collections.unmodifiableMap(headers), null,
                Collections.<String>emptyList());
    }

    /** No usable answer; {@code error} says why, for the log. */
    public static ExtAuthzResult error(String error) {
        return new ExtAuthzResult(Kind.ERROR, 403, "", Collections.<String, String>emptyMap(), error,
                Collections.<String>emptyList());
    }

    public Kind kind() { return kind; }

    /** The status the client gets: the authorizer's when DENIED, 403 when ERROR, 200 when OK. */
    public int status() { return status; }

    public String body() { return body; }

    public Map<String, String> headers() { return headers; }

    /** Request headers an OK answer asked to remove ({@code x-envoy-auth-headers-to-remove}), lower case. */
    public List<String> headersToRemove() { return headersToRemove; }

    /** Why there was no usable answer; null unless ERROR. */
    public String error() { return error; }

    @Override
    public String toString() {
        return kind == Kind.ERROR ? "ERROR (" + error + ")" : kind + " " + status;
    }
}
