package dev.meshguard.bootstrap;

/**
 * Recognises Netty's HTTP codecs by class name, without loading Netty: the advice woven into Netty's pipeline calls this
 * for every handler added to any channel, clients' included, and goes on to the agent only for these.
 */
public final class NettyCodecs {
    /** Not an HTTP codec. */
    public static final int NONE = 0;
    /** {@code HttpServerCodec}. */
    public static final int SERVER_CODEC = 1;
    /** A {@code HttpRequestDecoder} on its own (a split pipeline). */
    public static final int REQUEST_DECODER = 2;
    /** A {@code HttpResponseEncoder} on its own (a split pipeline). */
    public static final int RESPONSE_ENCODER = 3;
    /** {@code Http2StreamFrameToHttpObjectCodec}: an HTTP/2 stream read as HTTP/1 objects. */
    public static final int HTTP2_STREAM_CODEC = 4;

    private NettyCodecs() {
    }

    /**
     * True when a codec joins a pipeline under a name that a framework with its own woven hook gives its handlers
     * (Reactor Netty's {@code reactor.left.*}): that hook decides the pipeline's requests, so the Netty hook leaves the
     * pipeline alone without asking the agent, and a failure of its own cannot close the framework's connections.
     * Codecs added under other names still go to the Netty hook, which looks at the whole pipeline.
     */
    public static boolean ownedByWovenFramework(String handlerName) {
        return handlerName != null && handlerName.startsWith("reactor.") && Bridge.isWoven("reactor-netty");
    }

    /** Which codec {@code handler} is (itself or by a superclass), or {@link #NONE}. */
    public static int kind(Object handler) {
        for (Class<?> c = handler.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            String name = c.getName();
            if (name.startsWith("io.netty.handler.codec.http")) {
                switch (name) {
                    case "io.netty.handler.codec.http.HttpServerCodec": return SERVER_CODEC;
                    case "io.netty.handler.codec.http.HttpRequestDecoder": return REQUEST_DECODER;
                    case "io.netty.handler.codec.http.HttpResponseEncoder": return RESPONSE_ENCODER;
                    case "io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec": return HTTP2_STREAM_CODEC;
                    default: break;
                }
            }
        }
        return NONE;
    }
}
