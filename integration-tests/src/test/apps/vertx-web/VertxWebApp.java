import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * A "legacy" Vert.x Web application that knows nothing of Meshguard: its router is the server's request handler, and
 * one route on every path answers with the echo of the path the router matched ({@code normalizedPath()}).
 */
public class VertxWebApp {
    public static void main(String[] args) {
        Vertx vertx = VertxSetup.vertx();
        Router router = Router.router(vertx);
        router.route("/*").handler(ctx -> VertxSetup.echo(ctx.request(), ctx.normalizedPath()));
        HttpServer server = vertx.createHttpServer(VertxSetup.options(args)).requestHandler(router);
        VertxSetup.listen(server);
    }
}
