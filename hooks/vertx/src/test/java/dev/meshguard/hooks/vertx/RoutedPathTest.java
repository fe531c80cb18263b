package dev.meshguard.hooks.vertx;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path each kind of Vert.x application routes on, with Vert.x 4.5's own normalisation. */
class RoutedPathTest {
    private final RouterNormalizer router = RouterNormalizer.of(RoutedPathTest.class.getClassLoader());

    private String path(AppKind kind, String raw) {
        return RoutedPath.of(kind, raw, router);
    }

    @Test
    void aPlainHandlerRoutesOnTheRawPathAndADoubleSlashIsRefused() {
        assertEquals("/a/%62/../c", path(AppKind.CORE, "/a/%62/../c"));
        assertNull(path(AppKind.CORE, "//admin/x"));
        assertNull(path(AppKind.CORE, "/admin//x"));
    }

    @Test
    void aRouterRoutesOnVertxsNormalisedPath() {
        assertEquals("/admin/x", path(AppKind.WEB, "//admin/x"));
        assertEquals("/admin/x", path(AppKind.WEB, "/%61dmin/x"));
        assertEquals("/admin/x", path(AppKind.WEB, "/a/%2e%2E/admin/x"));
        assertEquals("/admin%2Fx;m=1", path(AppKind.WEB, "/admin%2Fx;m=1"));
        assertEquals("/admin\\x", path(AppKind.WEB, "/admin\\x"));
        assertEquals("/", path(AppKind.WEB, ""));
        assertNull(path(AppKind.WEB, "/admin%zz"), "the router answers 400");
        assertNull(path(AppKind.WEB, "/admin%4"));
    }

    @Test
    void aPathTheNormalisationKeepsSkipsIt() {
        String alphabet = "aZ09-_~./%;+:";
        Random random = new Random(17);
        int normal = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder p = new StringBuilder("/");
            for (int n = random.nextInt(14); n > 0; n--) {
                p.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = p.toString();
            if (RoutedPath.isNormal(raw)) {
                normal++;
                assertEquals(router.normalize(raw), raw, "Vert.x's normalisation changes " + raw);
            }
        }
        assertTrue(normal > 10_000, "too few plain paths were generated: " + normal);
        assertTrue(RoutedPath.isNormal("/api/v1/products/0"));
        assertTrue(RoutedPath.isNormal("/static/app.min.js"));
        for (String changed : new String[] {"", "a/b", "//a", "/a//b", "/a/./b", "/a/..", "/.", "/.well-known",
                                            "/%61", "/a;b", "/a+b", "/a b", "/a\\b", "/café"}) {
            assertFalse(RoutedPath.isNormal(changed), changed);
        }
    }

    @Test
    void quarkusReadsSemicolonPathsAsRestEasyReactiveDoes() {
        assertEquals("/admin%2Fx", path(AppKind.QUARKUS, "/admin%2Fx"), "no ';': the router's path");
        assertEquals("/admin/x", path(AppKind.QUARKUS, "/admin;a=b/x"));
        assertEquals("/admin/x", path(AppKind.QUARKUS, "/adm%69n;/x"));
        assertEquals("/admin/x", path(AppKind.QUARKUS, "/admin/x;"));
        assertEquals("/admin/x/", path(AppKind.QUARKUS, "/admin;v=1/x/"), "a trailing slash is kept");
        assertEquals("/a/+/~", path(AppKind.QUARKUS, "/a/+/%7E;x"));
    }

    @Test
    void quarkusRefusesWhatDecodingWouldTurnIntoAnotherPath() {
        assertNull(path(AppKind.QUARKUS, "/admin%2Fx;m=1"), "%2F would be a separator");
        assertNull(path(AppKind.QUARKUS, "/admin%2fx;"));
        assertNull(path(AppKind.QUARKUS, "/admin%5Cx;"));
        assertNull(path(AppKind.QUARKUS, "/admin%252Fx;m=1"), "a second decoding would make it one");
        assertNull(path(AppKind.QUARKUS, "/;/admin/x"), "an empty segment");
        assertNull(path(AppKind.QUARKUS, "/x;a=b/..;/admin/x"), "a dot segment RESTEasy does not resolve");
        assertNull(path(AppKind.QUARKUS, "/x/%2E%2E;/admin"));
        assertNull(path(AppKind.QUARKUS, "/caf%C3%A9;x"), "non-ASCII");
        assertNull(path(AppKind.QUARKUS, "/a%0Ab;x"), "a control character");
        assertNull(path(AppKind.QUARKUS, "/a%20b;x"), "a space");
        assertNull(path(AppKind.QUARKUS, "/a%G1;x"), "a malformed escape");
    }

    @Test
    void anUnknownHandlerIsAPlainOne() {
        assertEquals(AppKind.CORE, AppKind.of((Runnable) () -> { }));
        assertEquals(AppKind.CORE, AppKind.of(new Object()));
    }
}
