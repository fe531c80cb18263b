package echo;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.concurrent.atomic.AtomicInteger;

/** The application's first code on every request: counts the requests that reached it ({@code X-Filter-Hits}). */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CountingFilter {
    static final AtomicInteger HITS = new AtomicInteger();

    @RequestFilter
    public void count(HttpRequest<?> request) {
        HITS.incrementAndGet();
    }

    @ResponseFilter
    public void tag(MutableHttpResponse<?> response) {
        response.header("X-Filter-Hits", String.valueOf(HITS.get()));
    }
}
