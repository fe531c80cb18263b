import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.servlet.jakarta.GrpcServlet;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.File;
import java.nio.file.Files;

/**
 * The test services over grpc-servlet (jakarta) in embedded Tomcat 10.1, HTTP/2 over cleartext (prior knowledge, as
 * grpc-java's plaintext client speaks it). Prints READY <port>.
 */
public class GrpcServletApp {
    public static void main(String[] args) throws Exception {
        ServletServerBuilder grpc = new ServletServerBuilder();
        for (ServerServiceDefinition s : EchoServices.all()) {
            grpc.addService(s);
        }
        for (BindableService s : EchoServices.standard()) {
            grpc.addService(s);
        }
        GrpcServlet servlet = grpc.buildServlet();
        File base = Files.createTempDirectory("grpc-servlet").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.addUpgradeProtocol(new org.apache.coyote.http2.Http2Protocol());
        tomcat.getService().addConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        Wrapper w = Tomcat.addServlet(ctx, "grpc", servlet);
        w.setAsyncSupported(true);
        ctx.addServletMappingDecoded("/*", "grpc");
        tomcat.start();
        System.out.println("READY " + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
