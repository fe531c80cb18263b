package app;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One resource on every path and method, run on the event loop: it answers 200 with the method and the path
 * RESTEasy Reactive matched (the template's value as matched, undecoded), then every request header as seen through
 * JAX-RS's {@code HttpHeaders} ("name: value", lower-case names), with X-Hits (requests that reached the
 * application), X-Routed-Path and X-Body-Length.
 */
@Path("/")
@NonBlocking
public class EchoResource {
    private static final AtomicInteger HITS = new AtomicInteger();

    @GET
    @Path("{path:.*}")
    public Response get(@Encoded @PathParam("path") String path, @Context HttpHeaders headers, @Context Request request) {
        return echo(request, path, headers, "");
    }

    @POST
    @Path("{path:.*}")
    public Response post(@Encoded @PathParam("path") String path, @Context HttpHeaders headers, @Context Request request,
                         String body) {
        return echo(request, path, headers, body);
    }

    @PUT
    @Path("{path:.*}")
    public Response put(@Encoded @PathParam("path") String path, @Context HttpHeaders headers, @Context Request request,
                        String body) {
        return echo(request, path, headers, body);
    }

    @PATCH
    @Path("{path:.*}")
    public Response patch(@Encoded @PathParam("path") String path, @Context HttpHeaders headers, @Context Request request,
                          String body) {
        return echo(request, path, headers, body);
    }

    @DELETE
    @Path("{path:.*}")
    public Response delete(@Encoded @PathParam("path") String path, @Context HttpHeaders headers, @Context Request request) {
        return echo(request, path, headers, "");
    }

    @OPTIONS
    @Path("{path:.*}")
    public Response options(@Encoded @PathParam("path") String path, @Context HttpHeaders headers, @Context Request request) {
        return echo(request, path, headers, "");
    }

    private static Response echo(Request request, String path, HttpHeaders headers, String body) {
        int hits = HITS.incrementAndGet();
        String routed = "/" + path;
        StringBuilder text = new StringBuilder(request.getMethod() + " " + routed + "\n");
        for (Map.Entry<String, List<String>> h : headers.getRequestHeaders().entrySet()) {
            for (String value : h.getValue()) {
                text.append(h.getKey().toLowerCase(Locale.ROOT)).append(": ").append(value).append('\n');
            }
        }
        return Response.ok(text.toString(), "text/plain;charset=UTF-8").header("X-Hits", hits)
                .header("X-Routed-Path", routed).header("X-Body-Length", body == null ? 0 : body.length()).build();
    }
}
