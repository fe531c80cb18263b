package dev.meshguard.hooks.netty;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;

/** HTTP/2 stream facts, apart so that a server without Netty's HTTP/2 codec never loads its classes. */
final class Http2Streams {
    private Http2Streams() {
    }

    /** The stream id of an HTTP/2 stream's channel; -1 for any other channel. */
    static int id(Channel channel) {
        return channel instanceof Http2StreamChannel ? ((Http2StreamChannel) channel).stream().id() : -1;
    }
}
