package dev.meshguard.metrics;

import dev.meshguard.authz.Decision;
import dev.meshguard.decision.Outcome;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and a latency histogram, written in Prometheus' text format by {@link #write(StringBuilder)}. Labels are
 * policy names, JWT failure strings and key-set sources: bounded by the configuration, never by request content.
 */
public final class Registry implements Metrics {
    /** Upper bounds of the decision-latency buckets, in seconds. */
    static final double[] BUCKETS = {1e-6, 2e-6, 5e-6, 10e-6, 20e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 5e-3, 25e-3, 0.1, 1};

    private final ConcurrentMap<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> denials = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> jwtFailures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> fetches = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> lastFetch = new ConcurrentHashMap<>();
    private final LongAdder[] reloads = {new LongAdder(), new LongAdder()};
    private final AtomicLong lastGoodReload = new AtomicLong();
    private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final EnvoyCounters envoy = new EnvoyCounters();

    public Registry() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void decision(Outcome o, int localPort, long nanos) {
        envoy.decision(o, localPort);
        counter(decisions, label("decision", decisionLabel(o))).increment();
        if (o.stage() == Outcome.Stage.AUTHENTICATION && o.auth().rejected()) {
            counter(jwtFailures, label("reason", o.auth().status().message())).increment();
        } else if (o.denied()) {
            Decision d = o.authz();
            String reason = d == null ? o.stage().name().toLowerCase(Locale.ROOT) : d.deniedBy().name();
            String policy = d == null || d.rule() == null ? "" : d.rule().policy().metadata().qualifiedName();
            counter(denials, label("reason", reason) + "," + label("policy", policy)).increment();
        }
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BUCKETS.length && seconds > BUCKETS[i]) {
            i++;
        }
        buckets[i].increment();
        latencyCount.increment();
        latencyNanos.add(nanos);
    }

    private static String decisionLabel(Outcome o) {
        if (o.stage() == Outcome.Stage.FAIL_CLOSED) {
            return "fail_closed";
        }
        if (!o.denied()) {
            return "allow";
        }
        if (o.modeDryRun()) {
            return "dry_run_allow";
        }
        return o.stage() == Outcome.Stage.AUTHENTICATION ? "unauthenticated" : "deny";
    }

    @Override
    public void tokenCache(boolean hit, int localPort) {
        envoy.tokenCache(hit, localPort);
    }

    @Override
    public void jwksFetch(String source, boolean success) {
        envoy.jwksFetch(success);
        counter(fetches, label("source", source) + "," + label("result", success ? "success" : "failure")).increment();
        if (success) {
            lastFetch.computeIfAbsent(label("source", source), k -> new AtomicLong()).set(System.currentTimeMillis());
        }
    }

    @Override
    public void reload(boolean success) {
        reloads[success ? 0 : 1].increment();
        if (success) {
            lastGoodReload.set(System.currentTimeMillis());
        }
    }

    /** Appends every metric in Prometheus' text exposition format. */
    public void write(StringBuilder out) {
        family(out, "meshguard_requests_total", "counter", "Requests decided, by decision", decisions);
        family(out, "meshguard_denials_total", "counter", "Requests refused, by reason and deciding policy", denials);
        family(out, "meshguard_jwt_failures_total", "counter", "Requests refused with 401, by Envoy's reason", jwtFailures);
        family(out, "meshguard_jwks_fetches_total", "counter", "Key-set fetches, by source and result", fetches);
        out.append("# HELP meshguard_jwks_age_seconds Seconds since the last good fetch of each key set\n")
                .append("# TYPE meshguard_jwks_age_seconds gauge\n");
        long now = System.currentTimeMillis();
        for (Map.Entry<String, AtomicLong> e : lastFetch.entrySet()) {
            out.append("meshguard_jwks_age_seconds{").append(e.getKey()).append("} ")
                    .append((now - e.getValue().get()) / 1000.0).append('\n');
        }
        out.append("# HELP meshguard_policy_reloads_total Policy versions accepted or rejected\n")
                .append("# TYPE meshguard_policy_reloads_total counter\n")
                .append("meshguard_policy_reloads_total{result=\"success\"} ").append(reloads[0].sum()).append('\n')
                .append("meshguard_policy_reloads_total{result=\"failure\"} ").append(reloads[1].sum()).append('\n')
                .append("# HELP meshguard_policy_last_success_timestamp_seconds When the policies in force were loaded\n")
                .append("# TYPE meshguard_policy_last_success_timestamp_seconds gauge\n")
                .append("meshguard_policy_last_success_timestamp_seconds ").append(lastGoodReload.get() / 1000.0).append('\n');
        out.append("# HELP meshguard_decision_seconds Time to decide a request\n")
                .append("# TYPE meshguard_decision_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            out.append("meshguard_decision_seconds_bucket{le=\"").append(i < BUCKETS.length ? String.valueOf(BUCKETS[i]) : "+Inf")
                    .append("\"} ").append(cumulative).append('\n');
        }
        out.append("meshguard_decision_seconds_sum ").append(latencyNanos.sum() / 1e9).append('\n')
                .append("meshguard_decision_seconds_count ").append(latencyCount.sum()).append('\n');
        envoy.write(out);
    }

    private static void family(StringBuilder out, String name, String type, String help, Map<String, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Map.Entry<String, LongAdder> e : values.entrySet()) {
            out.append(name).append('{').append(e.getKey()).append("} ").append(e.getValue().sum()).append('\n');
        }
    }

    private static LongAdder counter(ConcurrentMap<String, LongAdder> map, String key) {
        LongAdder a = map.get(key);
        return a != null ? a : map.computeIfAbsent(key, k -> new LongAdder());
    }

    static String label(String name, String value) {
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 4).append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
