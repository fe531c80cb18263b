package dev.meshguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the tests. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port free at the time of the call, for a server the test starts (a metrics port, say). */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** How many requests the agent has decided, read from its Prometheus metrics on {@code metricsPort}. */
    static long decisions(int metricsPort) throws Exception {
        String metrics = get("http://127.0.0.1:" + metricsPort + "/metrics").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^meshguard_decision_seconds_count (\\d+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no decision count in:\n" + metrics);
        }
        return Long.parseLong(m.group(1));
    }

    static int hits(HttpResponse<?> r) {
        return Integer.parseInt(r.headers().firstValue("X-Hits").orElse("-1"));
    }
}
