import SERVLET.http.HttpServletRequest;
import SERVLET.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "legacy" Jetty 9.4/10/11 application that knows nothing of Meshguard: one handler that counts the requests
 * reaching it (X-Hits) and echoes the method, path and headers it received. Prints READY <port>.
 * SERVLET is replaced by javax.servlet or jakarta.servlet when the test compiles it.
 */
public class JettyClassicApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = args.length > 2 && args[0].equals("mtls")
                ? JettyTls.mutualTls(server, args[1], args[2]) : new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse resp) throws IOException {
                int hits = HITS.incrementAndGet();
                StringBuilder body = new StringBuilder();
                body.append(req.getMethod()).append(' ').append(req.getRequestURI()).append('\n');
                for (String name : Collections.list(req.getHeaderNames())) {
                    for (String value : Collections.list(req.getHeaders(name))) {
                        body.append(name.toLowerCase()).append(": ").append(value).append('\n');
                    }
                }
                resp.setHeader("X-Hits", String.valueOf(hits));
                resp.setHeader("X-Routed-Path", target);
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
                base.setHandled(true);
            }
        });
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }
}
