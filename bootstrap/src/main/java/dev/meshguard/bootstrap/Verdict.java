package dev.meshguard.bootstrap;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The outcome for one request, ready for a hook to enforce: let it through with {@link #mutation()} applied, answer
 * it with a denial ({@link #status()}, {@link #responseHeaders()}, {@link #body()}), or wait for a decision still
 * being made ({@link #pending()}, when an external authorizer is asked). A denial is written by {@link Denials}, in
 * the plain form or, for a gRPC request, in the gRPC form. {@link #details()} is Envoy's response-code-details text
 * of a denial. Immutable.
 */
public final class Verdict {
    private static final Map<String, String> NO_HEADERS = Collections.emptyMap();
    private static final Verdict ALLOW = new Verdict(0, NO_HEADERS, "", "", false, HeaderMutation.none(), null);

    private final int status;
    private final Map<String, String> responseHeaders;
    private final String body;
    private final String details;
    private final boolean grpc;
    private final HeaderMutation mutation;
    private final CompletionStage<Verdict> pending;

    private Verdict(int status, Map<String, String> responseHeaders, String body, String details, boolean grpc,
                    HeaderMutation mutation, CompletionStage<Verdict> pending) {
        this.status = status;
        this.responseHeaders = responseHeaders.isEmpty() ? NO_HEADERS : Collections.unmodifiableMap(responseHeaders);
        this.body = body;
        this.details = details;
        this.grpc = grpc;
        this.mutation = mutation;
        this.pending = pending;
    }

    /** Let the request through, after applying {@code mutation}. */
    public static Verdict allow(HeaderMutation mutation) {
        return mutation.isEmpty() ? ALLOW : new Verdict(0, NO_HEADERS, "", "", false, mutation, null);
    }

    /**
     * Answer the request directly; the application never sees it.
     *
     * @param details Envoy's response-code-details text, e.g. {@code rbac_access_denied_matched_policy[none]}
     * @param grpc    true to answer in the gRPC form (the request's content type is gRPC)
     */
    public static Verdict deny(int status, Map<String, String> responseHeaders, String body, String details,
                               boolean grpc) {
        return new Verdict(status, responseHeaders, body, details, grpc, HeaderMutation.none(), null);
    }

    /** A decision still being made; {@code next} completes with a final verdict and never fails. */
    public static Verdict pending(CompletionStage<Verdict> next) {
        return new Verdict(-1, NO_HEADERS, "", "", false, HeaderMutation.none(), next);
    }

    public boolean allowed() { return status == 0; }

    /** True while the decision is still being made: see {@link #pending()}. */
    public boolean isPending() { return pending != null; }

    /** Completes with the final verdict; null unless {@link #isPending()}. */
    public CompletionStage<Verdict> pending() { return pending; }

    /**
     * The final verdict: this one, or the pending one once made, waiting for it on this thread. For servers whose
     * request threads may block (the servlet containers); event-loop servers use {@link #pending()} instead.
     */
    public Verdict await() {
        if (pending == null) {
            return this;
        }
        CompletableFuture<Verdict> f = pending.toCompletableFuture();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get().await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pending verdict failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The HTTP status of a denial (401, 403, 503, ...); 0 when allowed. */
    public int status() { return status; }

    /** Extra response headers of a denial, e.g. {@code WWW-Authenticate}; Content-Type and -Length are implied. */
    public Map<String, String> responseHeaders() { return responseHeaders; }

    /** The text/plain body of a denial; empty when allowed. */
    public String body() { return body; }

    /** Envoy's response-code-details text of a denial; empty when allowed. */
    public String details() { return details; }

    /** True when a denial must take the gRPC form (trailers only, {@code grpc-status}, {@code grpc-message}). */
    public boolean grpc() { return grpc; }

    /** Request header changes for an allowed request. */
    public HeaderMutation mutation() { return mutation; }

    @Override
    public String toString() {
        return pending != null ? "PENDING" : allowed() ? "ALLOW" : status + " " + details;
    }
}
