import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;
import SERVLET.http.HttpServlet;
import SERVLET.http.HttpServletRequest;
import SERVLET.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/** A "legacy" Undertow servlet deployment (SERVLET is javax.servlet on 2.2, jakarta.servlet on 2.3); counts hits and echoes what it received. Prints READY <port>. */
public class UndertowServletApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static class Echo extends HttpServlet {
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
    }

    public static void main(String[] args) throws Exception {
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(Servlets.deployment()
                .setClassLoader(UndertowServletApp.class.getClassLoader()).setContextPath("/").setDeploymentName("app.war")
                .addServlets(Servlets.servlet("echo", Echo.class).addMapping("/*"),
                        Servlets.servlet("dispatches", Dispatches.class).addMapping("/dispatch/*").setAsyncSupported(true))
                .addErrorPage(Servlets.errorPage(Dispatches.TARGET, 404)));
        manager.deploy();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        server.start();
        System.out.println("READY " + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }
}
