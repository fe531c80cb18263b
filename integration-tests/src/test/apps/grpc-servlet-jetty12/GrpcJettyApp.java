import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.servlet.jakarta.GrpcServlet;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The test services over grpc-servlet (jakarta) in embedded Jetty 12.0 (ee10 servlets), HTTP/2 over cleartext with
 * prior knowledge, as grpc-java's plaintext client speaks it. Prints READY <port>.
 */
public class GrpcJettyApp {
    public static void main(String[] args) throws Exception {
        ServletServerBuilder grpc = new ServletServerBuilder();
        for (ServerServiceDefinition s : EchoServices.all()) {
            grpc.addService(s);
        }
        for (BindableService s : EchoServices.standard()) {
            grpc.addService(s);
        }
        GrpcServlet servlet = grpc.buildServlet();
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("grpc", servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }
}
