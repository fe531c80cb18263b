import SERVLET.http.HttpServlet;
import SERVLET.http.HttpServletRequest;
import SERVLET.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servlet apps' application: counts the requests reaching it (X-Hits), says the path it was routed on
 * (X-Routed-Path) and echoes the method, URI and headers it received.
 */
public class EchoServlet extends HttpServlet {
    static final AtomicInteger HITS = new AtomicInteger();

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
        decorate(resp);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Adds an app's own response headers; none by default. */
    protected void decorate(HttpServletResponse resp) {
    }
}
