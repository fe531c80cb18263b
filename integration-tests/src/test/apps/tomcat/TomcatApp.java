import SERVLET.ServletException;
import SERVLET.http.HttpServlet;
import SERVLET.http.HttpServletRequest;
import SERVLET.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "legacy" application that knows nothing of Meshguard: embedded Tomcat, one servlet on every path that counts the
 * requests reaching it (X-Hits) and echoes the method, path and headers it received. Prints READY <port>.
 * SERVLET is replaced by javax.servlet or jakarta.servlet when the test compiles it.
 */
public class TomcatApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        File base = Files.createTempDirectory("tomcat-app").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        if (args.length > 0 && args[0].equals("h2c")) {
            connector.addUpgradeProtocol(new org.apache.coyote.http2.Http2Protocol());
        }
        if (args.length > 2 && args[0].equals("mtls")) {
            // args: mtls <server keystore (PKCS12, password changeit)> <truststore of accepted client certificates>
            org.apache.tomcat.util.net.SSLHostConfig tls = new org.apache.tomcat.util.net.SSLHostConfig();
            tls.setCertificateVerification("required");
            tls.setTruststoreFile(args[2]);
            tls.setTruststorePassword("changeit");
            tls.setTruststoreType("PKCS12");
            org.apache.tomcat.util.net.SSLHostConfigCertificate cert = new org.apache.tomcat.util.net.SSLHostConfigCertificate(
                    tls, org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
            cert.setCertificateKeystoreFile(args[1]);
            cert.setCertificateKeystorePassword("changeit");
            cert.setCertificateKeystoreType("PKCS12");
            tls.addCertificate(cert);
            connector.addSslHostConfig(tls);
            connector.setSecure(true);
            connector.setScheme("https");
            connector.setProperty("SSLEnabled", "true");
        }
        tomcat.getService().addConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(ctx, "app", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
                int hits = HITS.incrementAndGet();
                StringBuilder body = new StringBuilder();
                body.append(req.getMethod()).append(' ').append(req.getRequestURI()).append('\n');
                for (String name : Collections.list(req.getHeaderNames())) {
                    for (String value : Collections.list(req.getHeaders(name))) {
                        body.append(name.toLowerCase()).append(": ").append(value).append('\n');
                    }
                }
                resp.setHeader("X-Hits", String.valueOf(hits));
                resp.setHeader("X-Routed-Path", req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()));
                Probe.report(resp::setHeader);
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        ctx.addServletMappingDecoded("/*", "app");
        Tomcat.addServlet(ctx, "dispatches", new Dispatches()).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/dispatch/*", "dispatches");
        org.apache.tomcat.util.descriptor.web.ErrorPage notFound = new org.apache.tomcat.util.descriptor.web.ErrorPage();
        notFound.setErrorCode(404);
        notFound.setLocation(Dispatches.TARGET);
        ctx.addErrorPage(notFound);
        tomcat.start();
        System.out.println("READY " + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
