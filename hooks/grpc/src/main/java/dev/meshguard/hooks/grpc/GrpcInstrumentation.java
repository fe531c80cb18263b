package dev.meshguard.hooks.grpc;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * Weaves {@code ServerImpl$ServerTransportListenerImpl.streamCreated(ServerStream, String, Metadata)}, which every
 * grpc-java transport (Netty, shaded Netty, servlet, in-process) calls for a new call, before the method is looked up
 * and before any interceptor runs. A refused call's stream is closed there, before any header was sent, so the client
 * gets one trailers-only answer; the same signature from 1.60 to 1.85. The class loads with a server's first
 * connection, which activates the agent.
 */
public final class GrpcInstrumentation implements ServerInstrumentation {
    static final String TARGET = "io.grpc.internal.ServerImpl$ServerTransportListenerImpl";

    @Override
    public String hook() { return "grpc"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("streamCreated").takesArguments(3)
                .takesArgument(1, "java.lang.String");
    }

    @Override
    public String adviceClass() { return StreamCreatedAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.grpc.GrpcAdapter"; }

    /**
     * Inlined into the transport listener: asks Meshguard, and skips grpc-java's own handling when the call was
     * answered (or is held for an external authorizer). When no decision could be made, the stream is closed with
     * {@code UNAVAILABLE} (Envoy's 503), and grpc-java is handed an encoding it cannot decode, so that its own early
     * refusal sets a listener that discards the request; its answer is dropped, the stream being closed already.
     */
    public static final class StreamCreatedAdvice {
        private StreamCreatedAdvice() {
        }

        @Advice.OnMethodEnter(skipOnTrue = true)
        public static boolean enter(@Advice.This Object listener, @Advice.FieldValue("transport") Object transport,
                                    @Advice.Argument(0) io.grpc.internal.ServerStream stream,
                                    @Advice.Argument(1) String methodName, @Advice.Argument(2) io.grpc.Metadata headers) {
            Object outcome = Bridge.dispatch("grpc", listener, stream, new Object[] {methodName, headers, transport});
            if (outcome == Bridge.FAILED) {
                stream.close(io.grpc.Status.UNAVAILABLE, new io.grpc.Metadata());
                io.grpc.Metadata.Key<String> encoding =
                        io.grpc.Metadata.Key.of("grpc-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
                headers.discardAll(encoding);
                headers.put(encoding, "meshguard-refused");
                return false;
            }
            return outcome != Bridge.CONTINUE;
        }
    }
}
