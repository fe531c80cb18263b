package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.json.JsonTrees;
import dev.meshguard.log.Logger;
import dev.meshguard.metrics.Metrics;
import dev.meshguard.net.TrustedTls;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetches remote key sets ({@code jwksUri}, or OpenID discovery from the issuer) and keeps them fresh on its own
 * daemon thread: every {@code refreshInterval}, early (at most once per 30 s) when a token names an unknown key, and
 * every 30 s while a set was never fetched. A failed or invalid fetch keeps the last good set. Request threads only
 * read the current set; they never wait on the network. Long-lived: one per agent, shared by policy versions.
 */
public final class JwksFetcher implements Closeable {
    private static final Logger LOG = Logger.get(JwksFetcher.class);
    static final int MAX_BYTES = 1024 * 1024;
    private static final long RETRY_MILLIS = 30_000;
    private static final long TICK_MILLIS = 1_000;

    private final long refreshMillis;
    private final Metrics metrics;
    private final SSLSocketFactory tls;
    private final String tlsProblem;
    private final ConcurrentMap<String, KeySource> sources = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;

    /**
     * @param refreshInterval how often every key set is fetched again
     * @param caFile          a PEM file of CA certificates trusted in addition to the JVM's, or null
     */
    public JwksFetcher(Duration refreshInterval, String caFile) {
        this(refreshInterval, TrustedTls.of(caFile), Metrics.NO_OP);
    }

    /** As above, with the agent's TLS trust, counting each fetch in {@code metrics}. */
    public JwksFetcher(Duration refreshInterval, TrustedTls trust, Metrics metrics) {
        this.metrics = metrics;
        this.refreshMillis = refreshInterval.toMillis();
        if (trust.problem() != null) {
            LOG.error("{}; https key sets will not be fetched", trust.problem());
        }
        this.tls = trust.context() == null ? null : trust.context().getSocketFactory();
        this.tlsProblem = trust.problem();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshguard-jwks");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The source for a {@code jwksUri}; fetched now, bounded by {@code timeout}, if it never was. */
    KeySource forUri(String uri, Duration timeout) {
        return source(uri, false, timeout);
    }

    /** The source found by OpenID discovery from {@code issuer}; fetched now if it never was. */
    KeySource forIssuer(String issuer, Duration timeout) {
        return source(issuer, true, timeout);
    }

    private KeySource source(String location, boolean discovery, Duration timeout) {
        KeySource s = sources.computeIfAbsent((discovery ? "discovery " : "") + location,
                k -> new KeySource(location, discovery, timeout));
        s.timeout = timeout;
        if (s.current() == null) {
            fetch(s);
        }
        return s;
    }

    /** Where fetches (and the authenticators using these keys) report. */
    Metrics metrics() { return metrics; }

    /** Forgets sources no policy uses any more. */
    void retain(Collection<KeySource> inUse) {
        sources.values().retainAll(inUse);
    }

    private void tick() {
        long now = System.currentTimeMillis();
        for (KeySource s : sources.values()) {
            boolean due = s.refetchRequested
                    || (s.current() == null && now - s.lastAttemptMillis >= RETRY_MILLIS)
                    || (s.current() != null && now - s.lastSuccessMillis >= refreshMillis);
            if (due) {
                s.refetchRequested = false;
                fetch(s);
            }
        }
    }

    private void fetch(KeySource s) {
        s.lastAttemptMillis = System.currentTimeMillis();
        try {
            String uri = s.location;
            if (s.discovery) {
                uri = discover(s.location, s.timeout);
            }
            KeySet keys = KeySet.parse(new String(get(uri, s.timeout), StandardCharsets.UTF_8));
            boolean first = s.keys == null;
            s.keys = keys;
            s.lastSuccessMillis = System.currentTimeMillis();
            metrics.jwksFetch(s.location, true);
            if (first) {
                LOG.info("fetched {} key(s) from {}", keys.keys().size(), uri);
            } else {
                LOG.debug("refreshed {} key(s) from {}", keys.keys().size(), uri);
            }
        } catch (IOException | KeySetException | RuntimeException e) {
            metrics.jwksFetch(s.location, false);
            LOG.warn("key set from {} not fetched ({}); {}", s.location, e.getMessage(),
                    s.keys == null ? "its tokens are refused until a fetch succeeds" : "the last good keys stay in use");
        }
    }

    private String discover(String issuer, Duration timeout) throws IOException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode doc = JsonTrees.parse(get(base + "/.well-known/openid-configuration", timeout));
        JsonNode uri = doc == null ? null : doc.get("jwks_uri");
        if (uri == null || !uri.isTextual()) {
            throw new IOException("the OpenID configuration of " + issuer + " has no jwks_uri");
        }
        return uri.textValue();
    }

    private byte[] get(String uri, Duration timeout) throws IOException {
        URL url = new URL(uri);
        if (!"http".equals(url.getProtocol()) && !"https".equals(url.getProtocol())) {
            throw new IOException("only http and https are fetched");
        }
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            if (c instanceof HttpsURLConnection) {
                if (tlsProblem != null) {
                    throw new IOException(tlsProblem);
                }
                if (tls != null) {
                    ((HttpsURLConnection) c).setSSLSocketFactory(tls);
                }
            }
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setInstanceFollowRedirects(true);
            c.setRequestProperty("Accept", "application/json");
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP status " + status);
            }
            try (InputStream in = c.getInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    if (out.size() > MAX_BYTES) {
                        throw new IOException("response over " + MAX_BYTES + " bytes");
                    }
                }
                return out.toByteArray();
            }
        } finally {
            c.disconnect();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
