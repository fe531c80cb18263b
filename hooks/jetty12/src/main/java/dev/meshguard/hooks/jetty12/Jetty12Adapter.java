package dev.meshguard.hooks.jetty12;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.RequestHeaders;
import dev.meshguard.bootstrap.ResponseMutator;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/** Decides a Jetty 12 request; header changes ride on a request wrapper, since Jetty 12's request fields are immutable. */
public final class Jetty12Adapter implements ServerAdapter {
    static final RequestHeaders<HttpFields.Mutable> HEADERS = new MutableFields();

    @Override
    public Object handle(Object request, Object response, Object callback, Enforcer enforcer) {
        Request req = (Request) request;
        Response res = (Response) response;
        if (res.isCommitted() || req.getMethod() == null) {
            return Bridge.CONTINUE;
        }
        Verdict v = enforcer.decide(new Jetty12RequestView(req)).await();
        if (v.allowed()) {
            return v.mutation().isEmpty() ? Bridge.CONTINUE : new ChangedHeaders(req, v);
        }
        try {
            Denials.write(res, v, new CallbackResponse((Callback) callback));
        } catch (java.io.IOException cannotHappen) {
            ((Callback) callback).failed(cannotHappen);
        }
        return Bridge.HANDLED;
    }

    /** Writes on a Jetty 12 response and completes the request's callback with the last write. */
    private static final class CallbackResponse implements ResponseMutator<Response> {
        private final Callback callback;

        CallbackResponse(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void status(Response r, int status) {
            r.setStatus(status);
        }

        @Override
        public void header(Response r, String name, String value) {
            r.getHeaders().put(name, value);
        }

        @Override
        public void finish(Response r, String contentType, byte[] body) {
            if (contentType != null) {
                r.getHeaders().put("Content-Type", contentType);
            }
            r.getHeaders().put("Content-Length", String.valueOf(body.length));
            r.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    private static final class MutableFields implements RequestHeaders<HttpFields.Mutable> {
        @Override
        public void remove(HttpFields.Mutable fields, String name) {
            fields.remove(name);
        }

        @Override
        public void set(HttpFields.Mutable fields, String name, String value) {
            fields.put(name, value);
        }
    }

    /** The request with Istio's header changes applied. */
    static final class ChangedHeaders extends Request.Wrapper {
        private final HttpFields headers;

        ChangedHeaders(Request request, Verdict v) {
            super(request);
            HttpFields.Mutable fields = HttpFields.build(request.getHeaders());
            v.mutation().applyTo(fields, HEADERS);
            this.headers = fields.asImmutable();
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }
    }
}
