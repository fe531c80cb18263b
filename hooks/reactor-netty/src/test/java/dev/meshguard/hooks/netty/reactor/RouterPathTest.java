package dev.meshguard.hooks.netty.reactor;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RouterPath} against Spring's own parser (spring-web 6.2, whose path parsing 7.0 keeps): wherever Meshguard
 * reads a target, its reading is exactly the path Spring's router matches; what it refuses is listed.
 */
class RouterPathTest {

    /** What Spring's router matches for {@code target}: the request URI's raw path, parsed into a {@code PathContainer}. */
    static String spring(String target) throws Exception {
        int start = RouterPath.pathStart(target);
        String rest = start == 0 ? target : target.substring(start);
        URI uri = new URI("http://127.0.0.1:8080" + rest);
        StringBuilder out = new StringBuilder();
        for (PathContainer.Element e : RequestPath.parse(uri.getRawPath(), null).pathWithinApplication().elements()) {
            out.append(e instanceof PathContainer.PathSegment s ? s.valueToMatch() : e.value());
        }
        return out.toString();
    }

    static String read(String target) {
        int start = RouterPath.pathStart(target);
        return start < 0 ? null : RouterPath.read(target, start);
    }

    @Test
    void readsWhatTheRouterMatches() throws Exception {
        String[][] cases = {
            {"/", "/"}, {"/api/x", "/api/x"}, {"/api/x?q=1", "/api/x"}, {"/api/x?q=/../a?b[0]=c", "/api/x"},
            {"/api;v=1/x", "/api/x"}, {"/api/x;jsessionid=1", "/api/x"}, {"/api/x;", "/api/x"}, {"/%61pi/x", "/api/x"},
            {"/api/x%3B", "/api/x;"}, {"//api/x", "//api/x"}, {"/api//x", "/api//x"}, {"/api/x/", "/api/x/"},
            {"/API/x", "/API/x"}, {"/caf%C3%A9", "/caf\u00e9"}, {"/%C3", "/\uFFFD"}, {"/api/x#frag", "/api/x"},
            {"/a.b/.c/..d/...", "/a.b/.c/..d/..."}, {"/%2561pi", "/%61pi"}, {"/a+b", "/a+b"},
            {"http://127.0.0.1:8080/api/x?q", "/api/x"}, {"HTTPS://h/a;b/c", "/a/c"}, {"/;x/api", "//api"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], read(c[0]), c[0]);
            assertEquals(spring(c[0]), read(c[0]), "Spring reads " + c[0] + " otherwise");
        }
    }

    @Test
    void refusesWhatTheRouterReadsOtherwiseOrAmbiguously() {
        String[] refused = {
            "*", "foo", "127.0.0.1:443", "http://h", "http://h?x", "ftp://h/x", "http:///x",
            "/a/../b", "/a/./b", "/a/..", "/..", "/%2e%2e/b", "/%2E./b", "/.%2e;x/b", "/..;x/b", "/.;/b",
            "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb", "/a\\b", "/a%00b", "/a%0Ab", "/a%7fb", "/a%zzb", "/a%", "/a%4",
            "/a b", "/\u00e9", "/a\u0001", "/a|b", "/a{b}", "/a[0]", "/a^b", "/a`b", "/a\"b", "/a<b>", "/x?a|b",
            "/x?a{b", "/x#a#b", "/%\u0663\u0663",
        };
        for (String t : refused) {
            assertNull(read(t), t);
        }
    }

    /** Random targets over the characters that matter: each one Meshguard reads, it reads as Spring does. */
    @Test
    void agreesWithSpringOnRandomTargets() throws Exception {
        String alphabet = "/././%%2e2E5cCfF;;=a0?#\\xé";
        Random random = new Random(17);
        List<String> read = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder t = new StringBuilder("/");
            int length = random.nextInt(12);
            for (int k = 0; k < length; k++) {
                t.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String target = t.toString();
            String ours = read(target);
            if (ours != null) {
                assertEquals(spring(target), ours, target);
                read.add(target);
            }
        }
        assertTrue(read.size() > 10_000, "enough targets were read to compare: " + read.size());
    }
}
