import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Compiled with both Jetty apps: the same source builds against Jetty 9.4 to 12.1. */
final class JettyTls {
    private JettyTls() {
    }

    /** A TLS connector that requires a client certificate: keystore and truststore are PKCS12 with password changeit. */
    static ServerConnector mutualTls(Server server, String keyStore, String trustStore) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore);
        ssl.setKeyStorePassword("changeit");
        ssl.setKeyStoreType("PKCS12");
        ssl.setTrustStorePath(trustStore);
        ssl.setTrustStorePassword("changeit");
        ssl.setTrustStoreType("PKCS12");
        ssl.setNeedClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    }
}
