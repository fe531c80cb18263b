package echo;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers every path ({@code /} and {@code /{+path}}) and every common method with 200 and what reached it: the
 * method, the path Micronaut routed on, and each header as {@code name: value}; {@code X-Hits} counts the requests
 * that reached a route, {@code X-Routed-Path} is that path.
 */
@Controller
@Consumes(MediaType.ALL)
@Produces(MediaType.TEXT_PLAIN)
public class EchoController {
    static final AtomicInteger HITS = new AtomicInteger();

    @Get("/")
    public MutableHttpResponse<String> root(HttpRequest<?> request) { return echo(request); }

    @Get("/{+path}")
    public MutableHttpResponse<String> get(HttpRequest<?> request) { return echo(request); }

    @Post("/{+path}")
    public MutableHttpResponse<String> post(HttpRequest<?> request) { return echo(request); }

    @Put("/{+path}")
    public MutableHttpResponse<String> put(HttpRequest<?> request) { return echo(request); }

    @Delete("/{+path}")
    public MutableHttpResponse<String> delete(HttpRequest<?> request) { return echo(request); }

    @Patch("/{+path}")
    public MutableHttpResponse<String> patch(HttpRequest<?> request) { return echo(request); }

    @Options("/{+path}")
    public MutableHttpResponse<String> options(HttpRequest<?> request) { return echo(request); }

    private static MutableHttpResponse<String> echo(HttpRequest<?> request) {
        int hits = HITS.incrementAndGet();
        StringBuilder body = new StringBuilder(request.getMethodName() + " " + request.getPath() + "\n");
        request.getHeaders().forEach((name, values) -> values.forEach(
                v -> body.append(name.toLowerCase(Locale.ROOT)).append(": ").append(v).append('\n')));
        return HttpResponse.ok(body.toString()).header("X-Hits", String.valueOf(hits))
                .header("X-Routed-Path", request.getPath());
    }
}
