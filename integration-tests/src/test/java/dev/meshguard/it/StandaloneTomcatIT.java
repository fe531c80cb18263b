package dev.meshguard.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-code retrofit: Apache Tomcat's own distribution, started as its scripts start it, with the agent added only
 * through JAVA_TOOL_OPTIONS, protecting the stock web applications it ships with.
 */
class StandaloneTomcatIT {
    static final Path HOME = Path.of(System.getProperty("meshguard.tomcat.home", "target/dist/apache-tomcat"));
    static final Pattern PORT = Pattern.compile("Starting ProtocolHandler \\[\"http-nio-auto-\\d+-(\\d+)\"\\]");

    @TempDir
    Path base;
    @TempDir
    Path policies;

    @Test
    void protectsTheStockWebApplications() throws Exception {
        for (String dir : List.of("conf", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (var files = Files.list(HOME.resolve("conf"))) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, base.resolve("conf").resolve(f.getFileName()));
                }
            }
        }
        String serverXml = Files.readString(base.resolve("conf/server.xml"))
                .replace("port=\"8005\"", "port=\"-1\"").replace("port=\"8080\"", "port=\"0\"");
        Files.writeString(base.resolve("conf/server.xml"), serverXml);
        Files.createSymbolicLink(base.resolve("webapps/ROOT"), HOME.resolve("webapps/ROOT"));
        Files.createSymbolicLink(base.resolve("webapps/examples"), HOME.resolve("webapps/examples"));
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed().replace("notPaths: [/productpage]", "notPaths: ['/', '/tomcat.svg']"));

        ProcessBuilder pb = new ProcessBuilder(Path.of(ServerProcess.JDK17, "bin", "java").toString(),
                "-Dcatalina.home=" + HOME, "-Dcatalina.base=" + base,
                "-cp", HOME.resolve("bin/bootstrap.jar") + ":" + HOME.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start");
        pb.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + Apps.AGENT_JAR.toAbsolutePath());
        pb.environment().put("MESHGUARD_POLICY_PATH", policies.toString());
        try (ServerProcess tomcat = ServerProcess.launch(pb, PORT, 90)) {
            String url = "http://127.0.0.1:" + tomcat.port;
            HttpResponse<String> home = null;
            for (int i = 0; i < 100 && (home == null || home.statusCode() == 404); i++) {
                Thread.sleep(100);
                home = Http.get(url + "/");
            }
            assertEquals(200, home.statusCode(), tomcat::output);
            HttpResponse<String> servlet = Http.get(url + "/examples/servlets/servlet/HelloWorldExample");
            assertEquals(403, servlet.statusCode(), tomcat::output);
            assertEquals("RBAC: access denied", servlet.body());
            HttpResponse<String> withToken = Http.get(url + "/examples/servlets/servlet/HelloWorldExample",
                    "Authorization", "Bearer " + Policies.demoToken());
            assertEquals(200, withToken.statusCode());
            assertTrue(withToken.body().contains("Hello World"), withToken.body());
            assertTrue(tomcat.output().contains("Meshguard 0.1.0 enforce on org.apache.catalina.connector.CoyoteAdapter"), tomcat::output);
        }
    }
}
