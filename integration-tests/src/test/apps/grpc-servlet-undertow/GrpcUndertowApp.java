import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.servlet.jakarta.GrpcServlet;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;

import java.net.InetSocketAddress;

/**
 * The test services over grpc-servlet (jakarta) in embedded Undertow 2.3 servlets, HTTP/2 over cleartext with prior
 * knowledge, as grpc-java's plaintext client speaks it. Prints READY <port>.
 */
public class GrpcUndertowApp {
    public static void main(String[] args) throws Exception {
        ServletServerBuilder grpc = new ServletServerBuilder();
        for (ServerServiceDefinition s : EchoServices.all()) {
            grpc.addService(s);
        }
        for (BindableService s : EchoServices.standard()) {
            grpc.addService(s);
        }
        GrpcServlet servlet = grpc.buildServlet();
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(Servlets.deployment()
                .setClassLoader(GrpcUndertowApp.class.getClassLoader()).setContextPath("/").setDeploymentName("grpc")
                .addServlet(Servlets.servlet("grpc", GrpcServlet.class, new ImmediateInstanceFactory<>(servlet))
                        .addMapping("/*").setAsyncSupported(true)));
        manager.deploy();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true).setHandler(manager.start()).build();
        server.start();
        System.out.println("READY " + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }
}
