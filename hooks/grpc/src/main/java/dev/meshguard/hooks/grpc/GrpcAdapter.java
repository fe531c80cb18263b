package dev.meshguard.hooks.grpc;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import io.grpc.Metadata;
import io.grpc.internal.ServerStream;
import io.grpc.internal.ServerTransport;
import io.grpc.internal.ServerTransportListener;

/**
 * Decides a gRPC call as its stream is created. An allowed call goes on with Istio's header changes applied to its
 * metadata; a refused one is answered on its stream ({@link GrpcDenials}) and grpc-java never looks its method up. A
 * call waiting for an external authorizer is held ({@link HeldCall}) without blocking the transport thread, except on
 * grpc-servlet, whose container thread may wait.
 *
 * <p>On grpc-servlet the servlet container's hook has already decided the request at the container's entry (a refusal
 * there takes the gRPC form), so this hook stands aside whenever one of those hooks is woven, and every call is
 * decided once.
 */
public final class GrpcAdapter implements ServerAdapter {
    private static final String[] CONTAINER_HOOKS = {"tomcat", "jetty9", "jetty12", "undertow"};

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        ServerStream stream = (ServerStream) response;
        if (stream instanceof HeldCall.ResumedStream) {
            return Bridge.CONTINUE;
        }
        boolean servlet = isServletStream(stream);
        if (servlet && containerHookWoven()) {
            return Bridge.CONTINUE;
        }
        Object[] args = (Object[]) extra;
        String methodName = (String) args[0];
        Metadata headers = (Metadata) args[1];
        Verdict v = enforcer.decide(new GrpcRequestView(stream, methodName, headers));
        if (v.isPending()) {
            if (!servlet) {
                HeldCall.hold(stream, v, (ServerTransportListener) request, (ServerTransport) args[2], methodName,
                        headers);
                return Bridge.HANDLED;
            }
            v = v.await();
        }
        if (!v.allowed()) {
            GrpcDenials.refuse(stream, v);
            return Bridge.HANDLED;
        }
        v.mutation().applyTo(headers, GrpcDenials.METADATA);
        return Bridge.CONTINUE;
    }

    /** grpc-servlet's stream (javax or jakarta): the container already saw the request. */
    private static boolean isServletStream(ServerStream stream) {
        return stream.getClass().getName().startsWith("io.grpc.servlet.");
    }

    private static boolean containerHookWoven() {
        for (String hook : CONTAINER_HOOKS) {
            if (Bridge.isWoven(hook)) {
                return true;
            }
        }
        return false;
    }
}
