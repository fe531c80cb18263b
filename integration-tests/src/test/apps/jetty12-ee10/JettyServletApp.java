import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/** A "legacy" servlet application on Jetty 12's ee10 layer; counts hits and echoes what it received. Prints READY <port>. */
public class JettyServletApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                int hits = HITS.incrementAndGet();
                StringBuilder body = new StringBuilder(req.getMethod() + " " + req.getRequestURI() + "\n");
                for (String name : Collections.list(req.getHeaderNames())) {
                    for (String value : Collections.list(req.getHeaders(name))) {
                        body.append(name.toLowerCase()).append(": ").append(value).append('\n');
                    }
                }
                resp.setHeader("X-Hits", String.valueOf(hits));
                resp.setHeader("X-Routed-Path", req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()));
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
            }
        }, "/*");
        context.addServlet(Dispatches.class, "/dispatch/*").setAsyncSupported(true);
        org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler errors = new org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler();
        errors.addErrorPage(404, Dispatches.TARGET);
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }
}
