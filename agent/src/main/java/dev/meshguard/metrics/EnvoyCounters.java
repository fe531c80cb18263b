package dev.meshguard.metrics;

import dev.meshguard.authz.Decision;
import dev.meshguard.authz.ExtAuthzResult;
import dev.meshguard.decision.Outcome;
import dev.meshguard.jwt.AuthResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters an Istio sidecar's Envoy keeps for the same events, named as its Prometheus output names them since
 * Istio 1.24 (the listener's prefix as the {@code http_conn_manager_prefix} label, {@code inbound_0.0.0.0_<port>}):
 * {@code envoy_http_jwt_authn_*}, {@code envoy_http_rbac} with {@code authz_enforce_result} (once per RBAC filter
 * the request passes: AUDIT, DENY, ALLOW), with {@code authz_dry_run_action} and {@code authz_dry_run_result} for
 * {@code istio.io/dry-run} policies (Envoy's {@code istio_dry_run_allow_} / {@code istio_dry_run_deny_} shadow
 * rules), and {@code envoy_http_ext_authz_*} for CUSTOM policies. Key-set fetches are not tied to a listener: they
 * are counted once, under {@code inbound_0.0.0.0}.
 */
final class EnvoyCounters {
    /** The counters of one listener (local port). */
    private static final class Listener {
        final LongAdder jwtAllowed = new LongAdder();
        final LongAdder jwtDenied = new LongAdder();
        final LongAdder corsBypassed = new LongAdder();
        final LongAdder cacheHit = new LongAdder();
        final LongAdder cacheMiss = new LongAdder();
        final LongAdder rbacAllowed = new LongAdder();
        final LongAdder rbacDenied = new LongAdder();
        /** [action: allow, deny][result: allowed, denied]. */
        final LongAdder[][] shadow = {{new LongAdder(), new LongAdder()}, {new LongAdder(), new LongAdder()}};
        final LongAdder extOk = new LongAdder();
        final LongAdder extDenied = new LongAdder();
        final LongAdder extError = new LongAdder();
    }

    private final ConcurrentMap<Integer, Listener> listeners = new ConcurrentHashMap<>();
    private final LongAdder jwksSuccess = new LongAdder();
    private final LongAdder jwksFailed = new LongAdder();

    private Listener at(int port) {
        Listener l = listeners.get(port);
        return l != null ? l : listeners.computeIfAbsent(port, p -> new Listener());
    }

    void decision(Outcome o, int port) {
        if (o.stage() == Outcome.Stage.FAIL_CLOSED || o.stage() == Outcome.Stage.PATH_REFUSED
                || o.stage() == Outcome.Stage.AMBIGUOUS_PATH) {
            return;
        }
        Listener l = at(port);
        AuthResult auth = o.auth();
        switch (auth.outcome()) {
            case NO_RULES: break;
            case REJECTED: l.jwtDenied.increment(); break;
            case CORS_PREFLIGHT: l.corsBypassed.increment(); l.jwtAllowed.increment(); break;
            default: l.jwtAllowed.increment(); break;
        }
        Decision d = o.authz();
        if (d == null) {
            return;
        }
        ExtAuthzResult custom = d.custom();
        if (custom != null) {
            (custom.kind() == ExtAuthzResult.Kind.OK ? l.extOk : custom.kind() == ExtAuthzResult.Kind.DENIED
                    ? l.extDenied : l.extError).increment();
        }
        filter(l, d.auditFilter());
        filter(l, d.denyFilter());
        filter(l, d.allowFilter());
        shadow(l, 1, d.denyShadow());
        shadow(l, 0, d.allowShadow());
    }

    private static void filter(Listener l, Decision.FilterResult r) {
        if (r == Decision.FilterResult.ALLOWED) {
            l.rbacAllowed.increment();
        } else if (r == Decision.FilterResult.DENIED) {
            l.rbacDenied.increment();
        }
    }

    private static void shadow(Listener l, int action, Decision.FilterResult r) {
        if (r == Decision.FilterResult.ALLOWED) {
            l.shadow[action][0].increment();
        } else if (r == Decision.FilterResult.DENIED) {
            l.shadow[action][1].increment();
        }
    }

    void tokenCache(boolean hit, int port) {
        (hit ? at(port).cacheHit : at(port).cacheMiss).increment();
    }

    void jwksFetch(boolean success) {
        (success ? jwksSuccess : jwksFailed).increment();
    }

    void write(StringBuilder out) {
        jwt(out, "allowed", "Requests that passed JWT authentication, with a token or without", l -> l.jwtAllowed);
        jwt(out, "denied", "Requests refused by JWT authentication", l -> l.jwtDenied);
        jwt(out, "cors_preflight_bypassed", "CORS preflights that skipped JWT authentication", l -> l.corsBypassed);
        jwt(out, "jwt_cache_hit", "Tokens found in the verified-token cache", l -> l.cacheHit);
        jwt(out, "jwt_cache_miss", "Tokens verified afresh", l -> l.cacheMiss);
        for (String result : new String[] {"success", "failed"}) {
            String name = "envoy_http_jwt_authn_jwks_fetch_" + result;
            head(out, name, "Key-set fetches that " + (result.equals("success") ? "succeeded" : "failed"));
            out.append(name).append("{http_conn_manager_prefix=\"inbound_0.0.0.0\"} ")
                    .append((result.equals("success") ? jwksSuccess : jwksFailed).sum()).append('\n');
        }
        head(out, "envoy_http_rbac", "Requests each RBAC filter allowed or denied, and what its dry-run rules would have done");
        for (Map.Entry<Integer, Listener> e : listeners.entrySet()) {
            String prefix = "envoy_http_rbac{http_conn_manager_prefix=\"inbound_0.0.0.0_" + e.getKey() + "\",";
            Listener l = e.getValue();
            out.append(prefix).append("authz_enforce_result=\"allowed\"} ").append(l.rbacAllowed.sum()).append('\n');
            out.append(prefix).append("authz_enforce_result=\"denied\"} ").append(l.rbacDenied.sum()).append('\n');
            String[] actions = {"allow", "deny"};
            String[] results = {"allowed", "denied"};
            for (int a = 0; a < 2; a++) {
                for (int r = 0; r < 2; r++) {
                    out.append(prefix).append("authz_dry_run_action=\"").append(actions[a]).append("\",authz_dry_run_result=\"")
                            .append(results[r]).append("\"} ").append(l.shadow[a][r].sum()).append('\n');
                }
            }
        }
        ext(out, "ok", "External authorizer checks that allowed", l -> l.extOk);
        ext(out, "denied", "External authorizer checks that denied", l -> l.extDenied);
        ext(out, "error", "External authorizer checks that failed", l -> l.extError);
    }

    private interface Counter {
        LongAdder of(Listener l);
    }

    private void jwt(StringBuilder out, String stat, String help, Counter c) {
        perListener(out, "envoy_http_jwt_authn_" + stat, help, c);
    }

    private void ext(StringBuilder out, String stat, String help, Counter c) {
        perListener(out, "envoy_http_ext_authz_" + stat, help, c);
    }

    private void perListener(StringBuilder out, String name, String help, Counter c) {
        head(out, name, help);
        for (Map.Entry<Integer, Listener> e : listeners.entrySet()) {
            out.append(name).append("{http_conn_manager_prefix=\"inbound_0.0.0.0_").append(e.getKey()).append("\"} ")
                    .append(c.of(e.getValue()).sum()).append('\n');
        }
    }

    private static void head(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n");
    }
}
