package dev.meshguard.engine;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.Decision;
import dev.meshguard.authz.ExtAuthzClient;
import dev.meshguard.authz.ExtAuthzResult;
import dev.meshguard.authz.Reading;
import dev.meshguard.authz.Readings;
import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.decision.Outcome;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.Challenge;
import dev.meshguard.log.Logger;
import dev.meshguard.metrics.Metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The per-request pipeline, Envoy's filter chain in one place: the path Envoy would refuse (400), JWT authentication
 * (401, or 403 for the audience), then authorization (the external authorizer for CUSTOM, then DENY, then ALLOW;
 * 403), on the current policy snapshot. Each request's {@link Outcome} goes to the decision log and the metrics.
 * Never blocks: when the external authorizer must be asked, the verdict is pending until it answers.
 */
final class Pipeline implements Enforcer {
    private static final Logger LOG = Logger.get(Pipeline.class);
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final Verdict ALLOW = Verdict.allow(HeaderMutation.none());
    /** The body of a 400 for a path the application would read otherwise than the policies (as on Undertow). */
    static final String AMBIGUOUS_PATH_BODY = "meshguard: ambiguous path";

    private final boolean modeDryRun;
    private final ExtAuthzClient extAuthz;
    private final Metrics metrics;
    private final DecisionLog log = new DecisionLog();
    volatile Snapshot snapshot;

    Pipeline(boolean modeDryRun, ExtAuthzClient extAuthz, Metrics metrics, Snapshot initial) {
        this.modeDryRun = modeDryRun;
        this.extAuthz = extAuthz;
        this.metrics = metrics;
        this.snapshot = initial;
    }

    @Override
    public Verdict decide(RequestView request) {
        Snapshot s = snapshot;
        long start = metrics.enabled() ? System.nanoTime() : 0;
        if (s.failClosed != null) {
            metrics.decision(Outcome.failClosed(s.problem, s.failClosed), request.localPort(), elapsed(start));
            return s.failClosed;
        }
        if (s.isEmpty()) {
            return ALLOW;
        }
        boolean grpc = isGrpc(request);
        if (request.routesOnRawPath() && request.rawPath() == null) {
            return refuseAmbiguous(request, grpc, start);
        }
        Readings readings = Readings.of(request);
        if (readings == null) {
            Verdict refusal = Verdict.deny(400, Collections.<String, String>emptyMap(), "", "path_normalization_failed", grpc);
            return finish(request, Outcome.pathRefused(modeDryRun, modeDryRun ? ALLOW : refusal), start);
        }
        if (request.routesOnRawPath() && !readings.path(Reading.ENVOY).equals(request.rawPath())) {
            return refuseAmbiguous(request, grpc, start);
        }
        AuthResult auth = s.jwt.authenticate(request);
        if (auth.rejected()) {
            String query = request.query();
            Map<String, String> challenge = Collections.singletonMap(WWW_AUTHENTICATE, Challenge.wwwAuthenticate(
                    request.scheme(), readings.host(Reading.ENVOY),
                    readings.path(Reading.ENVOY) + (query == null ? "" : "?" + query)));
            Verdict refusal = Verdict.deny(auth.status().httpStatus(), challenge, auth.status().message(),
                    auth.status().details(), grpc);
            return finish(request, Outcome.authentication(auth, modeDryRun, modeDryRun ? ALLOW : refusal), start);
        }
        if (s.authz.isEmpty()) {
            return finish(request, Outcome.authentication(auth, false, Verdict.allow(auth.mutation())), start);
        }
        final Authorizer.Evaluation evaluation = s.authz.evaluate(request, readings, auth);
        if (!evaluation.needsExternalCheck()) {
            return finish(request, authorized(auth, evaluation.decide(null), grpc), start);
        }
        final Finish done = new Finish(request, auth, grpc, start);
        return Verdict.pending(extAuthz.check(request, readings, auth.mutation())
                .thenApply(checked -> done.with(evaluation.decide(checked)))
                .exceptionally(t -> {
                    LOG.error("a decision after the external authorizer's answer failed; the request is answered 503", t);
                    return Snapshot.failClosed("internal error").failClosed;
                }));
    }

    /** A request the application would read otherwise than the policies can: 400, logged and counted. */
    private Verdict refuseAmbiguous(RequestView request, boolean grpc, long start) {
        Verdict refusal = Verdict.deny(400, Collections.<String, String>emptyMap(), AMBIGUOUS_PATH_BODY,
                Outcome.AMBIGUOUS_PATH_DETAILS, grpc);
        return finish(request, Outcome.ambiguousPath(modeDryRun, modeDryRun ? ALLOW : refusal), start);
    }

    /** What a pending decision needs once the external authorizer answers, read off the request beforehand. */
    private final class Finish {
        private final String method;
        private final String path;
        private final int port;
        private final AuthResult auth;
        private final boolean grpc;
        private final long start;

        Finish(RequestView request, AuthResult auth, boolean grpc, long start) {
            this.method = request.method();
            this.path = request.path();
            this.port = request.localPort();
            this.auth = auth;
            this.grpc = grpc;
            this.start = start;
        }

        Verdict with(Decision d) {
            return finish(method, path, port, authorized(auth, d, grpc), start);
        }
    }

    private Outcome authorized(AuthResult auth, Decision d, boolean grpc) {
        if (d.allowed()) {
            return Outcome.authorization(auth, d, false, Verdict.allow(withRemovals(auth.mutation(), d.custom())));
        }
        Verdict refusal = Verdict.deny(d.status(), d.headers(), d.body(), d.details(), grpc);
        return Outcome.authorization(auth, d, modeDryRun, modeDryRun ? Verdict.allow(auth.mutation()) : refusal);
    }

    /** Adds the headers an external authorizer's OK asked to remove. */
    private static HeaderMutation withRemovals(HeaderMutation m, ExtAuthzResult checked) {
        if (checked == null || checked.headersToRemove().isEmpty()) {
            return m;
        }
        List<String> remove = new ArrayList<>(m.remove());
        remove.addAll(checked.headersToRemove());
        return new HeaderMutation(remove, m.set());
    }

    private Verdict finish(RequestView request, Outcome o, long start) {
        return finish(request.method(), request.path(), request.localPort(), o, start);
    }

    private Verdict finish(String method, String path, int port, Outcome o, long start) {
        log.record(method, path, o);
        metrics.decision(o, port, elapsed(start));
        return o.verdict();
    }

    private long elapsed(long start) {
        return start == 0 ? 0 : System.nanoTime() - start;
    }

    private static boolean isGrpc(RequestView request) {
        List<String> types = request.headers("content-type");
        return !types.isEmpty() && Denials.isGrpc(types.get(0));
    }
}
