package dev.meshguard.authz;

import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.log.Logger;
import dev.meshguard.net.TrustedTls;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Envoy's HTTP {@code ext_authz} client as Istio's {@code envoyExtAuthzHttp} provider configures it with only a
 * service, port, path prefix and timeout. The check request carries the original method, the URL's path prefix
 * followed by the normalised path and query, the original Host, the {@code Authorization} header (unless JWT
 * authentication removed it), {@code x-forwarded-for} (the local address), {@code x-envoy-internal: true} and
 * {@code Content-Length: 0}; nothing else, and no body. An answer of 200 allows (and may name request headers to
 * remove in {@code x-envoy-auth-headers-to-remove}); a 5xx, a time-out or no answer is an error (403, no body); any
 * other status denies with that status, the answer's body and its headers.
 * <p>
 * Asynchronous: {@link #check} never blocks its caller; the answer completes the future on the client's own thread.
 * Connections are pooled and kept alive; https trusts the JVM's store plus {@code MESHGUARD_JWKS_CA_FILE}.
 */
public final class ExtAuthzClient implements Closeable {
    private static final Logger LOG = Logger.get(ExtAuthzClient.class);
    static final int MAX_BODY = 64 * 1024;
    /** Response headers never passed on: Envoy writes its own framing, date and server, and drops Host. */
    private static final Set<String> NOT_PASSED_ON = new HashSet<>(Arrays.asList("host", "content-length",
            "transfer-encoding", "connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "date",
            "server"));

    private final HttpHost target;
    private final String pathPrefix;
    private final long timeoutMillis;
    private final CloseableHttpAsyncClient client;
    private final ScheduledExecutorService deadlines;

    /**
     * @param url     the authorizer, e.g. {@code http://ext-authz.foo:8000/check} (the path is the prefix)
     * @param timeout the time allowed for a check, from the call to the whole answer
     * @param trust   the TLS trust for an https URL
     */
    public ExtAuthzClient(String url, Duration timeout, TrustedTls trust) throws IOException {
        URI base = URI.create(url);
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        this.target = new HttpHost(tls ? "https" : "http", base.getHost(), base.getPort() > 0 ? base.getPort() : tls ? 443 : 80);
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        this.pathPrefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        Timeout t = Timeout.ofMilliseconds(timeoutMillis);
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(256)
                .setMaxConnPerRoute(256)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build());
        if (tls) {
            connections.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(trust.require()).buildAsync());
        }
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections.build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setSoTimeout(t).build())
                .setThreadFactory(new DefaultThreadFactory("meshguard-extauthz", true))
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(t).setResponseTimeout(t)
                        .setRedirectsEnabled(false).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .addRequestInterceptorLast((request, entity, context) -> request.removeHeaders("User-Agent"))
                .build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                new DefaultThreadFactory("meshguard-extauthz-deadline", true));
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        client.start();
    }

    /**
     * Asks the authorizer about {@code request}, read as Envoy reads it ({@code readings}), after JWT authentication
     * made {@code authnChanges}. The request view is read before this returns; the future never fails.
     */
    public CompletableFuture<ExtAuthzResult> check(RequestView request, Readings readings, HeaderMutation authnChanges) {
        final CompletableFuture<ExtAuthzResult> result = new CompletableFuture<>();
        try {
            SimpleHttpRequest check = checkRequest(request, readings, authnChanges);
            AsyncRequestProducer producer = SimpleRequestProducer.create(check);
            final Future<ExtAuthzResult> call = client.execute(producer, new Answer(), new FutureCallback<ExtAuthzResult>() {
                @Override
                public void completed(ExtAuthzResult r) {
                    result.complete(r);
                }

                @Override
                public void failed(Exception e) {
                    fail(result, e.toString());
                }

                @Override
                public void cancelled() {
                    fail(result, "cancelled");
                }
            });
            final ScheduledFuture<?> deadline = deadlines.schedule(() -> {
                if (fail(result, "no answer within " + timeoutMillis + " ms")) {
                    call.cancel(true);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            result.whenComplete((r, t) -> deadline.cancel(false));
        } catch (RuntimeException e) {
            fail(result, e.toString());
        }
        return result;
    }

    /** Completes {@code result} as an error, unless it was already complete; true when it was not. */
    private boolean fail(CompletableFuture<ExtAuthzResult> result, String why) {
        if (!result.complete(ExtAuthzResult.error(why))) {
            return false;
        }
        LOG.warn("external authorizer {} failed ({}); the request is denied", target, why);
        return true;
    }

    SimpleHttpRequest checkRequest(RequestView request, Readings readings, HeaderMutation authnChanges) {
        String query = request.query();
        String path = pathPrefix + readings.path(Reading.ENVOY) + (query == null ? "" : "?" + query);
        SimpleHttpRequest check = new SimpleHttpRequest(request.method(), target, path);
        check.setVersion(HttpVersion.HTTP_1_1);
        String host = readings.host(Reading.ENVOY);
        if (host != null) {
            check.setHeader("Host", host);
        }
        if (!removes(authnChanges, "authorization")) {
            String authorization = RequestAttributes.joined(request.headers("Authorization"));
            if (authorization != null) {
                check.setHeader("Authorization", authorization);
            }
        }
        if (request.localAddress() != null) {
            check.setHeader("x-forwarded-for", request.localAddress());
        }
        check.setHeader("x-envoy-internal", "true");
        check.setBody(new byte[0], null);
        return check;
    }

    private static boolean removes(HeaderMutation m, String header) {
        for (String name : m.remove()) {
            if (name.equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }

    /** Reads an answer: its status, its headers, and at most {@link #MAX_BODY} bytes of its body. */
    private static final class Answer extends AbstractBinResponseConsumer<ExtAuthzResult> {
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private HttpResponse response;

        @Override
        protected void start(HttpResponse r, ContentType contentType) {
            this.response = r;
        }

        @Override
        protected int capacityIncrement() {
            return 8192;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            int room = MAX_BODY - body.size();
            int n = Math.min(room, src.remaining());
            if (n > 0) {
                byte[] chunk = new byte[n];
                src.get(chunk);
                body.write(chunk, 0, n);
            }
            src.position(src.limit());
        }

        @Override
        protected ExtAuthzResult buildResult() {
            int status = response.getCode();
            if (status >= 500) {
                return ExtAuthzResult.error("the authorizer answered " + status);
            }
            if (status == 200) {
                Header remove = response.getFirstHeader("x-envoy-auth-headers-to-remove");
                return ExtAuthzResult.ok(remove == null ? new ArrayList<String>() : names(remove.getValue()));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
                String name = h.getName().toLowerCase(Locale.ROOT);
                if (!NOT_PASSED_ON.contains(name)) {
                    String earlier = headers.get(name);
                    headers.put(name, earlier == null ? h.getValue() : earlier + "," + h.getValue());
                }
            }
            return ExtAuthzResult.denied(status, new String(body.toByteArray(), StandardCharsets.UTF_8), headers);
        }

        private static List<String> names(String list) {
            List<String> out = new ArrayList<>();
            for (String n : list.split(",")) {
                String name = n.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !name.startsWith(":") && !name.equals("host")) {
                    out.add(name);
                }
            }
            return out;
        }

        @Override
        public void releaseResources() {
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }
}
