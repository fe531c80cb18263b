package dev.meshguard.hooks.jetty12;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Decides a Jetty 12 request; header changes ride on a request wrapper, since Jetty 12's request fields are immutable. */
public final class Jetty12Adapter implements ServerAdapter {

    @Override
    public Object handle(Object request, Object response, Object callback, Enforcer enforcer) {
        Request req = (Request) request;
        Verdict v = enforcer.decide(new Jetty12RequestView(req));
        if (v.allowed()) {
            return v.mutation().isEmpty() ? Bridge.CONTINUE : new ChangedHeaders(req, v.mutation());
        }
        Response res = (Response) response;
        byte[] body = v.body().getBytes(StandardCharsets.UTF_8);
        res.setStatus(v.status());
        for (Map.Entry<String, String> h : v.responseHeaders().entrySet()) {
            res.getHeaders().put(h.getKey(), h.getValue());
        }
        res.getHeaders().put("Content-Type", "text/plain");
        res.getHeaders().put("Content-Length", String.valueOf(body.length));
        res.write(true, ByteBuffer.wrap(body), (Callback) callback);
        return Bridge.HANDLED;
    }

    /** The request with Istio's header changes applied. */
    static final class ChangedHeaders extends Request.Wrapper {
        private final HttpFields headers;

        ChangedHeaders(Request request, HeaderMutation mutation) {
            super(request);
            HttpFields.Mutable fields = HttpFields.build(request.getHeaders());
            for (String name : mutation.remove()) {
                fields.remove(name);
            }
            for (Map.Entry<String, String> e : mutation.set().entrySet()) {
                fields.put(e.getKey(), e.getValue());
            }
            this.headers = fields.asImmutable();
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }
    }
}
