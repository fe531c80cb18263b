import SERVLET.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.File;
import java.nio.file.Files;

/**
 * A "legacy" application that knows nothing of Meshguard: embedded Tomcat, the {@link EchoServlet} on every path.
 * Prints READY <port>.
 * SERVLET is replaced by javax.servlet or jakarta.servlet when the test compiles it.
 */
public class TomcatApp {
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
        Tomcat.addServlet(ctx, "app", new EchoServlet() {
            @Override
            protected void decorate(HttpServletResponse resp) {
                Probe.report(resp::setHeader);
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
