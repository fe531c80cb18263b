package dev.meshguard.benchmarks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same Bookinfo routes as the other benchmark applications, on Spring Boot's default Tomcat. Run three ways by
 * benchmarks/e2e.sh: open (no security), secured (profile "secured": Spring Security's OAuth2 resource server, the
 * usual code change) and open with the Meshguard agent.
 */
@SpringBootApplication
@RestController
public class BookinfoApplication implements ApplicationListener<WebServerInitializedEvent> {

    public static void main(String[] args) {
        SpringApplication.run(BookinfoApplication.class, args);
    }

    @GetMapping("/productpage")
    public String productPage() {
        return "<html><body><h1>The Comedy of Errors</h1></body></html>";
    }

    @GetMapping("/api/v1/products/{id}")
    public String product(@PathVariable String id) {
        return "{\"id\": \"" + id + "\", \"title\": \"The Comedy of Errors\"}";
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        System.out.println("READY " + event.getWebServer().getPort());
    }
}
