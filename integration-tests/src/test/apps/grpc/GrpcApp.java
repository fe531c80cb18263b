import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.security.KeyStore;

/**
 * A grpc-java server that knows nothing of Meshguard, on whichever transport its class path has (Netty or shaded
 * Netty). Args: none for plaintext, or {@code mtls <server.p12> <trust.p12>} (password changeit) for TLS requiring a
 * client certificate. Prints READY <port>.
 */
public class GrpcApp {
    public static void main(String[] args) throws Exception {
        ServerCredentials credentials = args.length > 2 && args[0].equals("mtls")
                ? TlsServerCredentials.newBuilder().keyManager(keyManagers(args[1]))
                        .trustManager(trustManagers(args[2])).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build()
                : InsecureServerCredentials.create();
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(0, credentials);
        for (ServerServiceDefinition s : EchoServices.all()) {
            builder.addService(s);
        }
        for (BindableService s : EchoServices.standard()) {
            builder.addService(s);
        }
        Server server = builder.build().start();
        System.out.println("READY " + server.getPort());
        server.awaitTermination();
    }

    static javax.net.ssl.KeyManager[] keyManagers(String file) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(file), "changeit".toCharArray());
        return kmf.getKeyManagers();
    }

    static javax.net.ssl.TrustManager[] trustManagers(String file) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(file));
        return tmf.getTrustManagers();
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }
}
