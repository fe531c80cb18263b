import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;

import java.net.InetSocketAddress;

/**
 * A "legacy" Undertow servlet deployment: the {@link EchoServlet} on every path. Prints READY <port>.
 * Its servlets are compiled against javax.servlet on 2.2 and jakarta.servlet on 2.3.
 */
public class UndertowServletApp {
    public static void main(String[] args) throws Exception {
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(Servlets.deployment()
                .setClassLoader(UndertowServletApp.class.getClassLoader()).setContextPath("/").setDeploymentName("app.war")
                .addServlets(Servlets.servlet("echo", EchoServlet.class).addMapping("/*"),
                        Servlets.servlet("dispatches", Dispatches.class).addMapping("/dispatch/*").setAsyncSupported(true))
                .addErrorPage(Servlets.errorPage(Dispatches.TARGET, 404)));
        manager.deploy();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        server.start();
        System.out.println("READY " + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }
}
