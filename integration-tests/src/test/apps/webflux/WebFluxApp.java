import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "legacy" Spring Boot WebFlux application that knows nothing of Meshguard: a router function on {@code /**} that
 * counts the requests reaching it (X-Hits), says which path the router matched (X-Routed-Path: the decoded segments
 * Spring's path patterns match, non-ASCII percent-encoded) and echoes the method, that path and the headers it
 * received; a WebFilter that counts too (X-Filter-Hits); CORS preflights answered for any origin. Forwarding headers
 * are applied by Reactor Netty ({@code forward-headers-strategy=native}), as Spring Boot does by default on
 * Kubernetes. One event-loop thread, so a blocked loop shows. "h2c" adds HTTP/2 over cleartext; "mtls keystore
 * truststore" serves TLS with a required client certificate, HTTP/2 or HTTP/1.1 by ALPN. Prints READY <port>.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class WebFluxApp {
    static final AtomicInteger HITS = new AtomicInteger();
    static final AtomicInteger FILTER_HITS = new AtomicInteger();

    public static void main(String[] args) {
        System.setProperty("reactor.netty.ioWorkerCount", "1");
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("server.address", "127.0.0.1");
        props.put("server.forward-headers-strategy", "native");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.lazy-initialization", "true"); // about half the start-up time on a busy machine
        props.put("logging.level.root", "WARN");
        String mode = args.length > 0 ? args[0] : "";
        if (mode.equals("h2c") || mode.equals("mtls")) {
            props.put("server.http2.enabled", "true");
        }
        if (mode.equals("mtls")) {
            props.put("server.ssl.enabled", "true");
            props.put("server.ssl.key-store", "file:" + args[1]);
            props.put("server.ssl.key-store-type", "PKCS12");
            props.put("server.ssl.key-store-password", "changeit");
            props.put("server.ssl.trust-store", "file:" + args[2]);
            props.put("server.ssl.trust-store-type", "PKCS12");
            props.put("server.ssl.trust-store-password", "changeit");
            props.put("server.ssl.client-auth", "need");
        }
        SpringApplication app = new SpringApplication(WebFluxApp.class);
        app.setDefaultProperties(props);
        ConfigurableApplicationContext context = app.run();
        System.out.println("READY " + context.getEnvironment().getProperty("local.server.port"));
    }

    @Bean
    RouterFunction<ServerResponse> echo() {
        return RouterFunctions.route(RequestPredicates.path("/**"), WebFluxApp::echo);
    }

    @Bean
    WebFilter countingFilter() {
        return (exchange, chain) -> {
            exchange.getResponse().getHeaders().set("X-Filter-Hits", String.valueOf(FILTER_HITS.incrementAndGet()));
            return chain.filter(exchange);
        };
    }

    /** Browsers' CORS preflights are answered (Spring refuses them where no CORS configuration applies). */
    @Bean
    CorsWebFilter cors() {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", new CorsConfiguration().applyPermitDefaultValues());
        return new CorsWebFilter(source);
    }

    static Mono<ServerResponse> echo(ServerRequest request) {
        int hits = HITS.incrementAndGet();
        String routed = routed(request.requestPath().pathWithinApplication());
        StringBuilder body = new StringBuilder().append(request.method().name()).append(' ').append(routed).append('\n');
        request.headers().asHttpHeaders().forEach((String name, List<String> values) -> {
            for (String v : values) {
                body.append(name.toLowerCase(Locale.ROOT)).append(": ").append(v).append('\n');
            }
        });
        return ServerResponse.ok().header("X-Hits", String.valueOf(hits)).header("X-Routed-Path", printable(routed))
                .contentType(MediaType.parseMediaType("text/plain;charset=UTF-8")).bodyValue(body.toString());
    }

    /** The path as Spring's path patterns match it: each segment's decoded value without its ';' parameters. */
    static String routed(PathContainer path) {
        StringBuilder out = new StringBuilder();
        for (PathContainer.Element e : path.elements()) {
            out.append(e instanceof PathContainer.PathSegment ? ((PathContainer.PathSegment) e).valueToMatch() : e.value());
        }
        return out.toString();
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            out.append(c > 0x20 && c < 0x7F && c != '%' ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }
}
