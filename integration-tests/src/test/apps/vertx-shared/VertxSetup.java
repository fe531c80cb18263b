import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PfxOptions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Vert.x test applications (a plain handler and a Vert.x Web router, each on Vert.x 4.5 and 5.0) share: one
 * event-loop thread, so a blocked loop shows; "h2c" for cleartext HTTP/2 (upgrade and prior knowledge), "mtls keystore
 * truststore" for TLS with a required client certificate and ALPN h2 or http/1.1; the echo of what reached the
 * application, the hit counter, and READY <port> once listening. Uses only API that 4.5 and 5.0 share.
 */
final class VertxSetup {
    static final AtomicInteger HITS = new AtomicInteger();

    private VertxSetup() {
    }

    static Vertx vertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    }

    static HttpServerOptions options(String[] args) {
        String mode = args.length > 0 ? args[0] : "";
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(mode.equals("h2c"));
        if (mode.equals("mtls")) {
            options.setSsl(true).setUseAlpn(true).setAlpnVersions(Arrays.asList(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                    .setKeyCertOptions(new PfxOptions().setPath(args[1]).setPassword("changeit"))
                    .setTrustOptions(new PfxOptions().setPath(args[2]).setPassword("changeit"))
                    .setClientAuth(ClientAuth.REQUIRED);
        }
        return options;
    }

    static void listen(HttpServer server) {
        server.listen(0, "127.0.0.1")
                .onSuccess(s -> System.out.println("READY " + s.actualPort()))
                .onFailure(t -> {
                    t.printStackTrace();
                    System.exit(1);
                });
    }

    /**
     * Answers a request that reached the application once its body is read: 200, the method and the routed path, then
     * every request header as "name: value" (lower-case names); X-Hits, X-Routed-Path and X-Body-Length headers.
     */
    static void echo(HttpServerRequest request, String routedPath) {
        int hits = HITS.incrementAndGet();
        StringBuilder text = new StringBuilder(request.method().name() + " " + routedPath + "\n");
        for (Map.Entry<String, String> h : request.headers()) {
            text.append(h.getKey().toLowerCase(Locale.ROOT)).append(": ").append(h.getValue()).append('\n');
        }
        request.body().onComplete(body -> request.response()
                .putHeader("X-Hits", String.valueOf(hits))
                .putHeader("X-Routed-Path", routedPath)
                .putHeader("X-Body-Length", String.valueOf(body.succeeded() ? body.result().length() : -1))
                .putHeader("Content-Type", "text/plain;charset=UTF-8")
                .end(text.toString()));
    }
}
