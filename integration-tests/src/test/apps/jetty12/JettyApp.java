import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "legacy" Jetty 12 core application that knows nothing of Meshguard: one handler that counts the requests reaching
 * it (X-Hits) and echoes the method, path and headers it received. Prints READY <port>.
 */
public class JettyApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = args.length > 2 && args[0].equals("mtls")
                ? JettyTls.mutualTls(server, args[1], args[2]) : new ServerConnector(server);
        if (args.length > 0 && args[0].equals("h2c")) {
            org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
            connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http),
                    new org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory(http));
        }
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                int hits = HITS.incrementAndGet();
                StringBuilder body = new StringBuilder();
                body.append(request.getMethod()).append(' ').append(request.getHttpURI().getPath()).append('\n');
                for (HttpField f : request.getHeaders()) {
                    body.append(f.getName().toLowerCase()).append(": ").append(f.getValue()).append('\n');
                }
                response.setStatus(200);
                response.getHeaders().put("X-Hits", String.valueOf(hits));
                response.getHeaders().put("X-Routed-Path", Request.getPathInContext(request));
                response.getHeaders().put("Content-Type", "text/plain;charset=UTF-8");
                response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }
}
