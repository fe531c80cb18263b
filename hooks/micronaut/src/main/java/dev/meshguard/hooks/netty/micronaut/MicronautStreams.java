package dev.meshguard.hooks.netty.micronaut;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;

/** Whether a held request can still be answered: its connection, and for Micronaut's HTTP/2 its stream, still open. */
final class MicronautStreams {
    private MicronautStreams() {
    }

    static boolean isOpen(ChannelHandlerContext ctx, HttpRequest request) {
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return false;
        }
        if (!(ctx.handler() instanceof Http2ConnectionHandler)) {
            return true;
        }
        Integer id = request.headers().getInt(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        if (id == null) {
            return true; // the request an HTTP/1.1 upgrade carried, answered on stream 1
        }
        Http2Stream stream = ((Http2ConnectionHandler) ctx.handler()).connection().stream(id);
        return stream != null && stream.state() != Http2Stream.State.CLOSED;
    }
}
