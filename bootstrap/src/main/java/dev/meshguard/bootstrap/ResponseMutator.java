package dev.meshguard.bootstrap;

import java.io.IOException;

/**
 * What one server must be able to do to answer a request Meshguard refuses: the only server-specific part of writing
 * a denial, which {@link Denials} does the same way for every server. One small implementation per server line.
 *
 * @param <R> the server's response type
 */
public interface ResponseMutator<R> {

    /** Sets the status line's code. */
    void status(R response, int status);

    /** Sets a response header, replacing any value it had. */
    void header(R response, String name, String value);

    /**
     * Writes {@code Content-Type} (unless null), {@code Content-Length} and the body, and completes the response. An
     * empty body with a null content type is a headers-only answer (gRPC's trailers-only form).
     */
    void finish(R response, String contentType, byte[] body) throws IOException;
}
