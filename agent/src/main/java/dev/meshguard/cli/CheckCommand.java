package dev.meshguard.cli;

import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.authz.Decision;
import dev.meshguard.authz.Reading;
import dev.meshguard.decision.Outcome;
import dev.meshguard.engine.Engine;
import dev.meshguard.metrics.Metrics;

import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code check <path> --namespace ns --labels a=b --request 'GET /path' [--header 'Name: value']... [--source-ip ip]}:
 * runs one request through the same engine as the agent and prints the decision, what decided it, and the header
 * changes an allowed request would carry. Exit status 0 when allowed, 1 when refused, 2 on a usage or policy error.
 */
final class CheckCommand {
    private CheckCommand() {
    }

    static int run(Arguments args, PrintStream out, PrintStream err) {
        String path = args.positional(0, "<path>");
        String namespace = args.option("--namespace", "default");
        String labels = args.option("--labels", "");
        String requestLine = args.option("--request", "GET /");
        List<String> headers = args.options("--header");
        String sourceIp = args.option("--source-ip", "127.0.0.1");
        args.requireConsumed();
        String[] parts = requestLine.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new Arguments.UsageException("--request must look like 'GET /path'");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESHGUARD_POLICY_PATH", path);
        env.put("MESHGUARD_NAMESPACE", namespace);
        env.put("MESHGUARD_WORKLOAD_LABELS", labels);
        env.put("MESHGUARD_LOG_LEVEL", "off");
        dev.meshguard.log.Logger.configure(dev.meshguard.log.Logger.Level.OFF, false);
        Last last = new Last();
        Engine engine = Engine.start(AgentConfig.resolve(null, new Properties(), env, p -> null), last);
        try {
            Verdict v = engine.decide(new Request(parts[0], parts[1], headers, sourceIp)).await();
            Outcome o = last.outcome;
            if (v.allowed()) {
                out.println("ALLOW (" + explain(o) + ")");
                for (String h : v.mutation().remove()) {
                    out.println("  remove header " + h);
                }
                for (Map.Entry<String, String> h : v.mutation().set().entrySet()) {
                    out.println("  set header " + h.getKey() + ": " + h.getValue());
                }
                return 0;
            }
            out.println((v.status() == 403 ? "DENY 403" : String.valueOf(v.status())) + " (" + explain(o) + ")");
            out.println("  body: " + v.body());
            out.println("  details: " + v.details());
            for (Map.Entry<String, String> h : v.responseHeaders().entrySet()) {
                out.println("  " + h.getKey() + ": " + h.getValue());
            }
            return 1;
        } finally {
            engine.close();
        }
    }

    /** What decided, from the typed outcome. */
    private static String explain(Outcome o) {
        if (o == null) {
            return "no policy applies";
        }
        switch (o.stage()) {
            case FAIL_CLOSED: return "failing closed: " + o.failClosed();
            case PATH_REFUSED: return "Envoy refuses this path";
            case AMBIGUOUS_PATH: return "the application would route on a path other than the one the policies match";
            case AUTHENTICATION:
                return o.auth().rejected() ? "JWT: " + o.auth().status().message() : "JWT " + o.auth().outcome()
                        + ", no AuthorizationPolicy applies";
            default:
                Decision d = o.authz();
                return d.deniedUnder() == null || d.deniedUnder() == Reading.ENVOY ? d.toString()
                        : d + ", " + d.deniedUnder().description();
        }
    }

    /** Keeps the outcome of the one request checked. */
    private static final class Last implements Metrics {
        volatile Outcome outcome;

        @Override public boolean enabled() { return true; }
        @Override public void decision(Outcome o, int localPort, long nanos) { outcome = o; }
        @Override public void jwksFetch(String source, boolean success) { }
        @Override public void tokenCache(boolean hit, int localPort) { }
        @Override public void reload(boolean success) { }
    }

    /** The request described on the command line. */
    private static final class Request implements RequestView {
        private final String method;
        private final String path;
        private final String query;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final String sourceIp;

        Request(String method, String target, List<String> headerLines, String sourceIp) {
            this.method = method;
            int q = target.indexOf('?');
            this.path = q < 0 ? target : target.substring(0, q);
            this.query = q < 0 ? null : target.substring(q + 1);
            this.sourceIp = sourceIp;
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new Arguments.UsageException("--header must look like 'Name: value'");
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                List<String> values = headers.get(name);
                if (values == null) {
                    values = new ArrayList<>();
                    headers.put(name, values);
                }
                values.add(line.substring(colon + 1).trim());
            }
        }

        @Override public String method() { return method; }
        @Override public String path() { return path; }
        @Override public String rawTarget() { return query == null ? path : path + "?" + query; }
        @Override public String query() { return query; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { List<String> h = headers("host"); return h.isEmpty() ? "localhost" : h.get(0); }
        @Override public int localPort() { return 8080; }
        @Override public String localAddress() { return "127.0.0.1"; }
        @Override public String remoteAddress() { return sourceIp; }

        @Override
        public List<String> headers(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? Collections.<String>emptyList() : v;
        }

        @Override public Iterable<String> headerNames() { return headers.keySet(); }
        @Override public X509Certificate[] peerCertificates() { return null; }
        @Override public String sni() { return null; }
    }
}
