import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A "legacy" Vert.x core application that knows nothing of Meshguard: one request handler that routes on the raw
 * {@code request.path()} (every path is answered by the echo), and a WebSocket handler that counts the upgrades
 * reaching it and echoes the path.
 */
public class VertxApp {
    public static void main(String[] args) {
        Vertx vertx = VertxSetup.vertx();
        HttpServer server = vertx.createHttpServer(VertxSetup.options(args))
                .requestHandler(request -> VertxSetup.echo(request, request.path()))
                .webSocketHandler(ws -> {
                    int hits = VertxSetup.HITS.incrementAndGet();
                    ws.writeTextMessage("hits " + hits + " path " + ws.path());
                });
        VertxSetup.listen(server);
    }
}
