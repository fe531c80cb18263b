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

    public static void main(String[] args) {
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
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(app).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        System.out.println("READY " + port);
    }
}
