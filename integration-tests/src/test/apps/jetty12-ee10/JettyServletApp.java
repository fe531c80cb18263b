import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A "legacy" servlet application on Jetty 12's ee10 layer: the {@link EchoServlet} on every path. Prints READY <port>. */
public class JettyServletApp {
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(EchoServlet.class, "/*");
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
