import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "legacy" Undertow application that knows nothing of Meshguard: a handler that dispatches to a worker thread (as
 * blocking applications and servlet deployments do), counts the requests reaching it (X-Hits) and echoes the method,
 * path and headers it received. Prints READY <port>.
 */
public class UndertowApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        HttpHandler app = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                int hits = HITS.incrementAndGet();
                StringBuilder body = new StringBuilder();
                body.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestPath()).append('\n');
                for (HeaderValues values : exchange.getRequestHeaders()) {
                    for (String v : values) {
                        body.append(values.getHeaderName().toString().toLowerCase()).append(": ").append(v).append('\n');
                    }
                }
                exchange.getResponseHeaders().put(new HttpString("X-Hits"), String.valueOf(hits));
                exchange.getResponseHeaders().put(new HttpString("X-Routed-Path"), exchange.getRelativePath());
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain;charset=UTF-8");
                exchange.getResponseSender().send(body.toString());
            }
        };
        Undertow.Builder builder = Undertow.builder().setHandler(app);
        if (args.length > 2 && args[0].equals("mtls")) {
            builder.addHttpsListener(0, "127.0.0.1", mutualTls(args[1], args[2]))
                    .setSocketOption(org.xnio.Options.SSL_CLIENT_AUTH_MODE, org.xnio.SslClientAuthMode.REQUIRED);
        } else {
            builder.addHttpListener(0, "127.0.0.1");
        }
        if (args.length > 0 && args[0].equals("h2c")) {
            builder.setServerOption(io.undertow.UndertowOptions.ENABLE_HTTP2, true);
        }
        Undertow server = builder.build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        System.out.println("READY " + port);
    }

    /** Server TLS that asks for a client certificate: keystore and truststore are PKCS12 with password changeit. */
    static javax.net.ssl.SSLContext mutualTls(String keyStore, String trustStore) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = new java.io.FileInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = new java.io.FileInputStream(trustStore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
