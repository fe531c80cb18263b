package dev.meshguard.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-code retrofit on Jetty: the {@code jetty-home} distribution, configured and started with its own
 * {@code start.jar}, the agent added only through JAVA_TOOL_OPTIONS, protecting plain WAR files deployed side by side
 * in Jetty 12's ee8 (javax), ee9 and ee10 (jakarta) environments.
 */
class StandaloneJettyIT {
    static final Path HOME = Path.of(System.getProperty("meshguard.jetty.home", "target/dist/jetty-home"));
    static final Pattern PORT = Pattern.compile("Started .*ServerConnector@.*\\{[^{}]*:(\\d+)}");

    /** An environment, the servlet package its WAR is written against and the API jar the distribution ships for it. */
    record Environment(String name, String servletPackage, String apiJar, String webXmlNamespace, String version) { }

    static final List<Environment> ENVIRONMENTS = List.of(
            new Environment("ee8", "javax.servlet", "jetty-servlet-api-4.", "http://xmlns.jcp.org/xml/ns/javaee", "4.0"),
            new Environment("ee9", "jakarta.servlet", "jetty-jakarta-servlet-api-5.", "https://jakarta.ee/xml/ns/jakartaee", "5.0"),
            new Environment("ee10", "jakarta.servlet", "jakarta.servlet-api-6.0", "https://jakarta.ee/xml/ns/jakartaee", "6.0"));

    @TempDir
    Path base;
    @TempDir
    Path policies;
    @TempDir
    Path build;

    @Test
    void protectsWebApplicationsInEveryServletEnvironment() throws Exception {
        ToolsIT.Result setup = ToolsIT.run(Map.of(), ToolsIT.java(), "-jar", HOME.resolve("start.jar").toString(),
                "jetty.home=" + HOME, "jetty.base=" + base, "--add-modules=http,ee8-deploy,ee9-deploy,ee10-deploy");
        assertEquals(0, setup.status(), setup.output());
        for (Environment env : ENVIRONMENTS) {
            Path war = base.resolve("webapps").resolve("legacy-" + env.name() + ".war");
            writeWar(env, war);
            Files.writeString(base.resolve("webapps").resolve("legacy-" + env.name() + ".properties"),
                    "environment: " + env.name() + "\n");
        }
        Files.writeString(policies.resolve("policies.yaml"),
                Policies.seed().replace("notPaths: [/productpage]", "notPaths: ['*/index.html']"));

        ProcessBuilder pb = new ProcessBuilder(ToolsIT.java(), "-jar", HOME.resolve("start.jar").toString(),
                "jetty.home=" + HOME, "jetty.base=" + base, "jetty.http.port=0");
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHGUARD_"));
        pb.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + Apps.AGENT_JAR.toAbsolutePath());
        pb.environment().put("MESHGUARD_POLICY_PATH", policies.toString());
        try (ServerProcess jetty = ServerProcess.launch(pb, PORT, 90)) {
            String url = "http://127.0.0.1:" + jetty.port;
            for (Environment env : ENVIRONMENTS) {
                String app = url + "/legacy-" + env.name();
                HttpResponse<String> page = null;
                for (int i = 0; i < 100 && (page == null || page.statusCode() == 404); i++) {
                    page = Http.get(app + "/index.html");
                    Thread.sleep(page.statusCode() == 404 ? 100 : 0);
                }
                assertEquals(200, page.statusCode(), jetty::output);
                assertTrue(page.body().contains("legacy " + env.name()), page.body());

                HttpResponse<String> denied = Http.get(app + "/hello");
                assertEquals(403, denied.statusCode(), jetty::output);
                assertEquals("RBAC: access denied", denied.body());
                assertEquals(401, Http.get(app + "/hello", "Authorization", "Bearer " + Policies.tampered(Policies.demoToken())).statusCode());

                HttpResponse<String> allowed = Http.get(app + "/hello", "Authorization", "Bearer " + Policies.demoToken());
                assertEquals(200, allowed.statusCode(), jetty::output);
                assertTrue(allowed.body().startsWith("hello from jetty/12.1"), allowed.body());
                assertTrue(allowed.body().endsWith("/legacy-" + env.name() + "/hello auth=false"),
                        "the token is removed before the application sees the request: " + allowed.body());
            }
            assertTrue(jetty.output().contains("hooked org.eclipse.jetty.server.Server (jetty12)"), jetty::output);
        }
    }

    /** A plain WAR: a servlet mapped in web.xml and a static page, compiled against the distribution's servlet API. */
    private void writeWar(Environment env, Path war) throws Exception {
        Path src = Files.createDirectories(build.resolve(env.name()).resolve("src"));
        Path classes = Files.createDirectories(build.resolve(env.name()).resolve("classes"));
        Path source = src.resolve("HelloServlet.java");
        Files.writeString(source, Files.readString(Apps.SOURCES.resolve("legacy-war/HelloServlet.java"))
                .replace("SERVLET.", env.servletPackage() + "."));
        Path api;
        try (Stream<Path> jars = Files.list(HOME.resolve("lib"))) {
            api = jars.filter(p -> p.getFileName().toString().startsWith(env.apiJar())).findFirst().orElseThrow();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, err, err, "-d", classes.toString(),
                "-cp", api.toString(), "--release", "17", "-nowarn", source.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String webXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"" + env.webXmlNamespace() + "\" version=\"" + env.version() + "\">\n"
                + "  <servlet><servlet-name>hello</servlet-name><servlet-class>HelloServlet</servlet-class></servlet>\n"
                + "  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>\n"
                + "</web-app>\n";
        try (OutputStream file = Files.newOutputStream(war); JarOutputStream jar = new JarOutputStream(file)) {
            add(jar, "index.html", ("<html><body>legacy " + env.name() + "</body></html>\n").getBytes(StandardCharsets.UTF_8));
            add(jar, "WEB-INF/web.xml", webXml.getBytes(StandardCharsets.UTF_8));
            add(jar, "WEB-INF/classes/HelloServlet.class", Files.readAllBytes(classes.resolve("HelloServlet.class")));
        }
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws Exception {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }
}
