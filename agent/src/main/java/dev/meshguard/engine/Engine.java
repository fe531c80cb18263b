package dev.meshguard.engine;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.authz.ExtAuthzClient;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.config.Mode;
import dev.meshguard.jwt.JwksFetcher;
import dev.meshguard.jwt.JwtAuthenticator;
import dev.meshguard.log.Logger;
import dev.meshguard.metrics.Metrics;
import dev.meshguard.metrics.MetricsServer;
import dev.meshguard.metrics.Registry;
import dev.meshguard.net.TrustedTls;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.policy.PolicyWatcher;
import dev.meshguard.policy.WorkloadScope;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * The running agent's composition root: wires the configuration to the policy watcher, the key-set fetcher, the
 * external authorizer's client and the metrics server, compiles each policy version off the request path and swaps
 * it into the {@link Pipeline}, which decides requests. A problem at start-up becomes a fail-closed snapshot. Knows
 * nothing of servers.
 */
public final class Engine implements Enforcer, Closeable {
    private static final Logger LOG = Logger.get(Engine.class);

    private final AgentConfig config;
    private final WorkloadScope scope;
    private final JwksFetcher jwks;
    private final ExtAuthzClient extAuthz;
    private final AuthzOptions authzOptions;
    private final PolicyWatcher watcher;
    private final Metrics metrics;
    private final Pipeline pipeline;
    private volatile MetricsServer metricsServer;
    private volatile boolean everLoaded;

    private Engine(AgentConfig config, Metrics reportTo) {
        this.config = config;
        this.metrics = reportTo != null ? reportTo : config.metricsPort() >= 0 ? new Registry() : Metrics.NO_OP;
        this.scope = new WorkloadScope(config.workload().namespace(), config.workload().labels(), config.rootNamespace());
        TrustedTls trust = TrustedTls.of(config.jwksCaFile() == null ? null : config.jwksCaFile().toString());
        this.jwks = new JwksFetcher(config.jwksRefresh(), trust, this.metrics);
        this.extAuthz = extAuthzClient(config, trust);
        this.authzOptions = new AuthzOptions(config.trustedProxies(), extAuthz != null);
        this.watcher = new PolicyWatcher(config.policyPath(), new PolicyLoader(config.workload().namespace()),
                config.reloadInterval(), new Reloads());
        this.pipeline = new Pipeline(config.mode() == Mode.DRY_RUN, extAuthz, this.metrics, null);
    }

    private static ExtAuthzClient extAuthzClient(AgentConfig config, TrustedTls trust) {
        if (config.extAuthzUrl() == null || !config.errors().isEmpty()) {
            return null;
        }
        try {
            return new ExtAuthzClient(config.extAuthzUrl(), config.extAuthzTimeout(), trust);
        } catch (IOException | RuntimeException e) {
            LOG.error("the external authorizer {} cannot be used ({}); the requests CUSTOM policies match are denied",
                    config.extAuthzUrl(), e.getMessage());
            return null;
        }
    }

    /**
     * Starts the engine: validates the configuration, loads the policies (blocking, bounded by the JWKS timeouts)
     * and starts watching for changes. Never throws: a problem becomes a fail-closed snapshot.
     */
    public static Engine start(AgentConfig config) {
        return start(config, null);
    }

    /** As {@link #start(AgentConfig)}, reporting every decision to {@code metrics} (the {@code check} tool's). */
    public static Engine start(AgentConfig config, Metrics metrics) {
        Engine engine = new Engine(config, metrics);
        engine.startMetrics();
        if (!config.errors().isEmpty()) {
            for (String error : config.errors()) {
                LOG.error("configuration: {}; every request is answered 503 until the setting is fixed", error);
            }
            engine.pipeline.snapshot = Snapshot.failClosed(config.errors().get(0));
            return engine;
        }
        if (config.mode() == Mode.OFF) {
            engine.pipeline.snapshot = Snapshot.NO_POLICIES;
            return engine;
        }
        try {
            engine.watcher.poll();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("policies cannot be compiled; every request is answered 503", e);
            engine.pipeline.snapshot = Snapshot.failClosed("policies cannot be compiled: " + e);
        }
        if (engine.pipeline.snapshot == null) {
            engine.pipeline.snapshot = Snapshot.failClosed("policies could not be loaded");
        }
        engine.watcher.start();
        return engine;
    }

    private void startMetrics() {
        if (metrics instanceof Registry) {
            try {
                metricsServer = new MetricsServer(config.metricsPort(), (Registry) metrics, () -> {
                    Snapshot s = pipeline.snapshot;
                    return s == null || s.failClosed == null;
                });
                LOG.info("metrics on port {}: /metrics, /healthz", metricsServer.port());
            } catch (IOException | RuntimeException e) {
                LOG.error("metrics cannot be served on port {}: {}", config.metricsPort(), e.toString());
            }
        }
    }

    /** The port metrics are served on, or -1. */
    public int metricsPort() {
        MetricsServer m = metricsServer;
        return m == null ? -1 : m.port();
    }

    /** The per-request decision; see {@link Pipeline}. */
    @Override
    public Verdict decide(RequestView request) {
        return pipeline.decide(request);
    }

    /** One line for the start-up banner: where policies come from, for whom, and what is in force. */
    public String describe() {
        return "policyPath=" + config.policyPath() + " workload=" + config.workload() + " root="
                + config.rootNamespace() + " mode=" + config.mode().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " (" + pipeline.snapshot.summary + ")";
    }

    /** Stops reloading, key refreshing, the external authorizer's connections and the metrics server. */
    @Override
    public void close() {
        if (metricsServer != null) {
            metricsServer.close();
        }
        watcher.close();
        jwks.close();
        if (extAuthz != null) {
            extAuthz.close();
        }
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
            pipeline.snapshot = new Snapshot(jwt, authz, null, null, summary);
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
                pipeline.snapshot = Snapshot.NO_POLICIES;
            } else {
                LOG.error("policies cannot be loaded; every request is answered 503 until a valid version appears: {}",
                        problem);
                pipeline.snapshot = Snapshot.failClosed(problem);
            }
        }
    }
}
