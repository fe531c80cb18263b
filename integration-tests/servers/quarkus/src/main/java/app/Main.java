package app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Starts the application the way the tests start every server: no argument for HTTP/1.1 and h2c, "mtls keystore
 * truststore" for TLS only (PKCS12, password changeit, client certificate required, ALPN h2 or http/1.1); prints
 * READY and the port once Quarkus listens.
 */
@QuarkusMain
public class Main implements QuarkusApplication {
    private static int port;

    public static void main(String... args) throws IOException {
        port = freePort();
        if (args.length > 0 && args[0].equals("mtls")) {
            System.setProperty("quarkus.http.ssl-port", String.valueOf(port));
            System.setProperty("quarkus.http.insecure-requests", "disabled");
            System.setProperty("quarkus.http.ssl.certificate.key-store-file", args[1]);
            System.setProperty("quarkus.http.ssl.certificate.key-store-password", "changeit");
            System.setProperty("quarkus.http.ssl.certificate.trust-store-file", args[2]);
            System.setProperty("quarkus.http.ssl.certificate.trust-store-password", "changeit");
        } else {
            System.setProperty("quarkus.http.port", String.valueOf(port));
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        System.out.println("READY " + port);
        Quarkus.waitForExit();
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
