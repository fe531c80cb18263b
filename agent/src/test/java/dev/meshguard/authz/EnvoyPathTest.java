package dev.meshguard.authz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Istio's BASE normalisation of {@code :path}. The first rows are Envoy's own cases
 * ({@code test/common/http/path_utility_test.cc}: NormalizeValidPaths, NormalizeCasePath, AlreadyNormalPaths and
 * InvalidPaths), with the query dropped as the RBAC filter's {@code url_path} drops it; the others follow googleurl's
 * rules for what those cases do not cover.
 */
class EnvoyPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
            // Envoy's cases
            "/xyz /xyz",
            "/x/y/z /x/y/z",
            "/a/b/../c /a/c",
            "/a/b/./c /a/b/c",
            "a/b/../c /a/c",
            "/a/b/../../../../c /c",
            "/a/..\\c /c",
            "/%c0%af /%c0%af",
            "/%5c%25 /%5c%25",
            "/a/b/%2E%2E/c /a/c",
            "/xyz/..;foo=bar/abc /abc",
            "/..;foo=bar/abc /abc",
            "/xyz/..;foo=bar /",
            "/xyz/.;foo=bar/abc /xyz/abc",
            "/.;foo=bar/abc /abc",
            "/xyz/.;foo=bar /xyz/",
            "/xyz/..;foo=bar/.;v1=2,v2=3/abc /abc",
            "/..;foo=bar/abc/.;mmm /abc/",
            "/.;aaa/..;foo=bar/abc/.;mmm /abc/",
            "/xyz/..;foo=bar/.;fff=zzz /",
            "/xyz/..;foo=bar/.;fff=zzz?blah=woops /",
            "/xyz/..;foo=bar/.;fff=zzz/remain;blah-bluh?query /remain;blah-bluh",
            "/A/B/C /A/B/C",
            "/a/b/%2e%2e/c /a/c",
            "/a/%2F%2f/c /a/%2F%2f/c",
            // googleurl's rules
            "/a/. /a/",
            "/a/.. /",
            "/.. /",
            "/a/.%2e/b /b",
            "/a%2eb /a.b",
            "/a/... /a/...",
            "/a/..b /a/..b",
            "/..%2fa /..%2fa",
            "/a\\b /a/b",
            "/a%5c..%5cb /a%5c..%5cb",
            "/%41%7e%2d%5f /A~-_",
            "/%3b /%3b",
            "/%20 /%20",
            "/%zz /%zz",
            "/% /%",
            "//a/../b //b",
            "/a//../b /a/b",
            "/a/../b?x=/../y /b",
            "/api/x#frag /api/x",
            "/%61pi/v1 /api/v1",
            "/productpage;jsessionid=x /productpage;jsessionid=x",
            "/a%7Cb /a%7Cb",
            "/a|b /a%7Cb",
            "/a\"b /a%22b",
            "/%%30%30 /%2500",
    })
    void normalisesAsEnvoy(String in, String out) {
        assertEquals(out, EnvoyPath.of(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/xyz/.%00../abc", "/xyz/%00.%00./abc", "/xyz/AAAAA%%0000/abc", "/a\u0000b"})
    void refusesWhatEnvoyRefuses(String in) {
        assertNull(EnvoyPath.of(in));
    }

    @ParameterizedTest
    @CsvSource({"/caf\u00e9, /caf%E9", "/\u20ac, /%E2%82%AC", "/a b, /a%20b"})
    void escapesBytesAUrlMayNotCarry(String in, String out) {
        assertEquals(out, EnvoyPath.of(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/productpage", "/api/v1/products/0", "/a.b/c.d", "/a-b_c~d/e!$&'()*+,;=:@"})
    void returnsANormalPathItself(String in) {
        assertEquals(System.identityHashCode(in), System.identityHashCode(EnvoyPath.of(in)));
    }
}
