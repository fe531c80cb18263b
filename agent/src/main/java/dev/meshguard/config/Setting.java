package dev.meshguard.config;

import java.util.Locale;

/**
 * Every setting the agent reads. Each can be given as an agent argument ({@code policyPath=/x}), a system property
 * ({@code -Dmeshguard.policy.path=/x}) or an environment variable ({@code MESHGUARD_POLICY_PATH=/x}), in that order
 * of precedence. {@code docs/configuration.md} documents the same list.
 */
public enum Setting {
    POLICY_PATH("policyPath", "/etc/meshguard", "a policy file, or a directory whose *.yaml, *.yml and *.json files are all read"),
    NAMESPACE("namespace", null, "the workload's namespace (default: POD_NAMESPACE, else the service-account namespace file, else default)"),
    WORKLOAD_LABELS("workloadLabels", null, "the workload's labels, app=httpbin,version=v1"),
    WORKLOAD_LABELS_FILE("workloadLabelsFile", null, "a downward-API labels file, key=\"value\" per line (default /etc/podinfo/labels when it exists)"),
    ROOT_NAMESPACE("rootNamespace", "istio-system", "Istio's root namespace, whose selector-less policies apply to every workload"),
    MODE("mode", "enforce", "enforce, dry-run (decide and log, never block) or off"),
    RELOAD_INTERVAL("reloadInterval", "1s", "how often the policy path is checked for changes"),
    CLOCK_SKEW("clockSkew", "60s", "clock skew allowed when checking exp and nbf"),
    JWKS_REFRESH("jwksRefresh", "20m", "how often keys from jwksUri are re-fetched in the background"),
    JWKS_CA_FILE("jwksCaFile", null, "a PEM file of CA certificates trusted for jwksUri and the external authorizer, in addition to the JVM's"),
    TRUSTED_PROXIES("trustedProxies", "0", "how many X-Forwarded-For hops to trust for remote.ip (Istio's numTrustedProxies)"),
    EXTAUTHZ_URL("extauthzUrl", null, "the HTTP external authorizer for CUSTOM policies"),
    EXTAUTHZ_TIMEOUT("extauthzTimeout", "1s", "time allowed for the external authorizer; past it the request is denied"),
    SERVER_WAIT("serverWait", "60s", "warn once if policies are configured but no supported server was seen this long after start-up"),
    METRICS_PORT("metricsPort", null, "serve Prometheus /metrics and /healthz on this port (off when unset)"),
    LOG_LEVEL("logLevel", "info", "debug, info, warn, error or off"),
    LOG_FORMAT("logFormat", "text", "text or json");

    private final String argument;
    private final String defaultValue;
    private final String description;

    Setting(String argument, String defaultValue, String description) {
        this.argument = argument;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The agent-argument key, e.g. {@code policyPath}. */
    public String argument() { return argument; }

    /** The system property, e.g. {@code meshguard.policy.path}. */
    public String property() { return "meshguard." + name().toLowerCase(Locale.ROOT).replace('_', '.'); }

    /** The environment variable, e.g. {@code MESHGUARD_POLICY_PATH}. */
    public String environment() { return "MESHGUARD_" + name(); }

    /** The default as text, or null when there is none (or it is computed). */
    public String defaultValue() { return defaultValue; }

    public String description() { return description; }
}
