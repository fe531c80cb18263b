package dev.meshguard.engine;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.authz.Decision;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.config.Mode;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.Challenge;
import dev.meshguard.jwt.JwksFetcher;
import dev.meshguard.jwt.JwtAuthenticator;
import dev.meshguard.log.Logger;
import dev.meshguard.metrics.Metrics;
import dev.meshguard.metrics.MetricsServer;
import dev.meshguard.metrics.Registry;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.policy.PolicyWatcher;
import dev.meshguard.policy.WorkloadScope;

import java.io.Closeable;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running decision core, Envoy's filter chain in one place: JWT authentication (401), then authorization
 * (CUSTOM, DENY, ALLOW; 403), on the current policy snapshot. Owns the policy watcher and the JWKS fetcher; a new
 * policy version is compiled off the request path and swapped in atomically. Knows nothing of servers.
 */
public final class Engine implements Enforcer, Closeable {
    private static final Logger LOG = Logger.get(Engine.class);
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final Pattern DECIDED_BY = Pattern.compile("(?:dry-run: )?(\\w+) (\\S+/\\S+) rule \\d+.*");

    private final AgentConfig config;
    private final WorkloadScope scope;
    private final JwksFetcher jwks;
    private final AuthzOptions authzOptions;
    private final PolicyWatcher watcher;
    private final Metrics metrics;
    private volatile MetricsServer metricsServer;
    private volatile Snapshot snapshot;
    private volatile boolean everLoaded;

    private Engine(AgentConfig config) {
        this.config = config;
        this.metrics = config.metricsPort() >= 0 ? new Registry() : Metrics.NO_OP;
        this.scope = new WorkloadScope(config.workload().namespace(), config.workload().labels(), config.rootNamespace());
        this.jwks = new JwksFetcher(config.jwksRefresh(),
                config.jwksCaFile() == null ? null : config.jwksCaFile().toString(), metrics);
        this.authzOptions = new AuthzOptions(config.trustedProxies(), config.extAuthzUrl(), config.extAuthzTimeout());
        this.watcher = new PolicyWatcher(config.policyPath(), new PolicyLoader(config.workload().namespace()),
                config.reloadInterval(), new Reloads());
    }

    /**
     * Starts the engine: validates the configuration, loads the policies (blocking, bounded by the JWKS timeouts)
     * and starts watching for changes. Never throws: a problem becomes a fail-closed snapshot.
     */
    public static Engine start(AgentConfig config) {
        Engine engine = new Engine(config);
        engine.startMetrics();
        if (!config.errors().isEmpty()) {
            for (String error : config.errors()) {
                LOG.error("configuration: {}; every request is answered 503 until the setting is fixed", error);
            }
            engine.snapshot = Snapshot.failClosed(config.errors().get(0));
            return engine;
        }
        if (config.mode() == Mode.OFF) {
            engine.snapshot = Snapshot.NO_POLICIES;
            return engine;
        }
        try {
            engine.watcher.poll();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("policies cannot be compiled; every request is answered 503", e);
            engine.snapshot = Snapshot.failClosed("policies cannot be compiled: " + e);
        }
        if (engine.snapshot == null) {
            engine.snapshot = Snapshot.failClosed("policies could not be loaded");
        }
        engine.watcher.start();
        return engine;
    }

    private void startMetrics() {
        if (metrics instanceof Registry) {
            try {
                metricsServer = new MetricsServer(config.metricsPort(), (Registry) metrics, () -> snapshot == null
                        || snapshot.failClosed == null);
                LOG.info("metrics on port {}: /metrics, /healthz", metricsServer.port());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.error("metrics cannot be served on port {}: {}", config.metricsPort(), e.toString());
            }
        }
    }

    /** The port metrics are served on, or -1. */
    public int metricsPort() {
        MetricsServer m = metricsServer;
        return m == null ? -1 : m.port();
    }

    @Override
    public Verdict decide(RequestView request) {
        if (metrics == Metrics.NO_OP) {
            return decideOnce(request);
        }
        long start = System.nanoTime();
        Verdict v = decideOnce(request);
        long nanos = System.nanoTime() - start;
        record(v, nanos);
        return v;
    }

    private void record(Verdict v, long nanos) {
        String explanation = v.explanation();
        if (v.allowed()) {
            metrics.decision(explanation.startsWith("dry-run: ") ? Metrics.Decision.DRY_RUN_ALLOW : Metrics.Decision.ALLOW,
                    null, null, nanos);
        } else if (v.status() == 401) {
            metrics.decision(Metrics.Decision.UNAUTHENTICATED, v.body(), null, nanos);
        } else if (explanation.startsWith("fail-closed")) {
            metrics.decision(Metrics.Decision.FAIL_CLOSED, "fail-closed", null, nanos);
        } else {
            Matcher m = DECIDED_BY.matcher(explanation);
            metrics.decision(Metrics.Decision.DENY, m.matches() ? m.group(1) : explanation, m.matches() ? m.group(2) : "", nanos);
        }
    }

    private Verdict decideOnce(RequestView request) {
        Snapshot s = snapshot;
        if (s.failClosed != null) {
            return s.failClosed;
        }
        AuthResult auth = s.jwt.authenticate(request);
        if (auth.outcome() == AuthResult.Outcome.REJECTED) {
            Map<String, String> headers = Collections.singletonMap(WWW_AUTHENTICATE, Challenge.wwwAuthenticate(request));
            return denied(request, Verdict.deny(401, headers, auth.failure(), "401 " + auth.failure()),
                    HeaderMutation.none());
        }
        Decision d = s.authz.authorize(request, auth);
        for (String finding : d.dryRunFindings()) {
            LOG.info("dry-run policy: {} {} {}", request.method(), request.path(), finding);
        }
        if (d.audited()) {
            LOG.info("audit {} {} {}", request.method(), request.path(), d.explanation());
        }
        if (!d.allowed()) {
            return denied(request, Verdict.deny(d.status(), d.headers(), d.body(), d.explanation()), auth.mutation());
        }
        return Verdict.allow(auth.mutation(), d.explanation());
    }

    /** Logs a denial and enforces it, or in dry-run mode lets the request through as an allowed one would go. */
    private Verdict denied(RequestView request, Verdict denial, HeaderMutation ifAllowed) {
        if (config.mode() == Mode.DRY_RUN) {
            LOG.info("dry-run: would deny {} {} {} {}", request.method(), request.path(), denial.status(),
                    denial.explanation());
            return Verdict.allow(ifAllowed, "dry-run: " + denial.explanation());
        }
        LOG.info("deny {} {} {} {}", request.method(), request.path(), denial.status(), denial.explanation());
        return denial;
    }

    /** One line for the start-up banner: where policies come from, for whom, and what is in force. */
    public String describe() {
        return "policyPath=" + config.policyPath() + " workload=" + config.workload() + " root="
                + config.rootNamespace() + " mode=" + config.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " (" + snapshot.summary + ")";
    }

    /** Stops reloading and key refreshing. */
    @Override
    public void close() {
        if (metricsServer != null) {
            metricsServer.close();
        }
        watcher.close();
        jwks.close();
    }

    /** Compiles each new version and swaps it in; keeps the last good one on a problem. */
    private final class Reloads implements PolicyWatcher.Listener {
        @Override
        public void accept(PolicySet all, PolicyFiles files) throws PolicyException {
            PolicySet mine = scope.select(all);
            JwtAuthenticator jwt = JwtAuthenticator.compile(mine.requestAuthentications(), jwks, config.clockSkew());
            Authorizer authz = Authorizer.compile(mine.authorizationPolicies(), authzOptions);
            String summary = mine.requestAuthentications().size() + " RequestAuthentication and "
                    + mine.authorizationPolicies().size() + " AuthorizationPolicy apply to this workload, of "
                    + all.requestAuthentications().size() + " and " + all.authorizationPolicies().size()
                    + " read (version " + files.fingerprint() + ")";
            snapshot = new Snapshot(jwt, authz, null, summary);
            metrics.reload(true);
            LOG.info("{}policies loaded: {}", everLoaded ? "re" : "", summary);
            everLoaded = true;
        }

        @Override
        public void rejected(String problem) {
            metrics.reload(false);
            if (everLoaded) {
                LOG.error("policy version rejected, the last good version stays in force: {}", problem);
            } else if (!config.policyPathExplicit() && !Files.exists(config.policyPath())) {
                LOG.warn("no policy at the default path {}; nothing is enforced until one appears (set {} to choose one)",
                        config.policyPath(), "MESHGUARD_POLICY_PATH");
                snapshot = Snapshot.NO_POLICIES;
            } else {
                LOG.error("policies cannot be loaded; every request is answered 503 until a valid version appears: {}",
                        problem);
                snapshot = Snapshot.failClosed(problem);
            }
        }
    }
}
