package dev.meshguard.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;

/**
 * A "legacy" service with Istio Bookinfo's routes, on embedded Tomcat. It knows nothing of Meshguard: no import, no
 * filter, no configuration. {@code /productpage} is the public page, {@code /api/v1/products/<id>} the API, and
 * {@code /headers} echoes the request headers the application received. Prints {@code READY <port>} when serving.
 */
public final class BookinfoApp {
    private BookinfoApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9080;
        File base = Files.createTempDirectory("bookinfo").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(port);
        tomcat.getService().addConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(ctx, "bookinfo", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String path = req.getRequestURI();
                String body;
                if (path.equals("/productpage")) {
                    body = "<html><body><h1>The Comedy of Errors</h1><p>Summary: Wikipedia Summary.</p></body></html>\n";
                    resp.setContentType("text/html;charset=UTF-8");
                } else if (path.startsWith("/api/v1/products/")) {
                    body = "{\"id\": \"" + path.substring("/api/v1/products/".length())
                            + "\", \"title\": \"The Comedy of Errors\", \"author\": \"William Shakespeare\"}\n";
                    resp.setContentType("application/json");
                } else if (path.equals("/headers")) {
                    StringBuilder sb = new StringBuilder();
                    for (String name : Collections.list(req.getHeaderNames())) {
                        sb.append(name).append(": ").append(req.getHeader(name)).append('\n');
                    }
                    body = sb.toString();
                    resp.setContentType("text/plain;charset=UTF-8");
                } else {
                    resp.sendError(404);
                    return;
                }
                resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            }
        });
        ctx.addServletMappingDecoded("/*", "bookinfo");
        tomcat.start();
        System.out.println("READY " + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
