import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/**
 * A "legacy" Micronaut 4 application that knows nothing of Meshguard: {@link EchoController} answers every path and
 * method with what reached it, after {@link CountingFilter}. One event-loop thread, so a blocked loop shows; a random
 * port. "h2c" serves HTTP/2 in clear text (upgrade and prior knowledge) beside HTTP/1.1, "h2c-legacy" the same with
 * Micronaut's legacy multiplexing (a child channel per stream); "mtls keystore truststore"
 * serves TLS only, with a required client certificate, HTTP/2 or HTTP/1.1 by ALPN. Prints READY <port>.
 */
public class MicronautApp {
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "";
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", -1);
        config.put("micronaut.server.host", "127.0.0.1");
        config.put("micronaut.netty.event-loops.default.num-threads", 1);
        // answers CORS preflights, as an application called from browsers on other origins does (off, Micronaut's
        // filter refuses them with 403)
        config.put("micronaut.server.cors.enabled", true);
        if (mode.startsWith("h2c") || mode.equals("mtls")) {
            config.put("micronaut.server.http-version", "2.0");
        }
        if (mode.equals("h2c-legacy")) {
            // HTTP/2 streams as child channels, each converted to HTTP/1 objects (Micronaut's former handling)
            config.put("micronaut.server.netty.legacy-multiplex-handlers", true);
        }
        if (mode.equals("mtls")) {
            config.put("micronaut.server.ssl.enabled", true);
            config.put("micronaut.server.ssl.port", -1);
            config.put("micronaut.server.ssl.key-store.path", "file:" + args[1]);
            config.put("micronaut.server.ssl.key-store.password", "changeit");
            config.put("micronaut.server.ssl.key-store.type", "PKCS12");
            config.put("micronaut.server.ssl.trust-store.path", "file:" + args[2]);
            config.put("micronaut.server.ssl.trust-store.password", "changeit");
            config.put("micronaut.server.ssl.trust-store.type", "PKCS12");
            config.put("micronaut.server.ssl.client-authentication", "need");
        }
        ApplicationContext context = Micronaut.build(args).mainClass(MicronautApp.class).banner(false)
                .properties(config).start();
        System.out.println("READY " + context.getBean(EmbeddedServer.class).getPort());
    }
}
