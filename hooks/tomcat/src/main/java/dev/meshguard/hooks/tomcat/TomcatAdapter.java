package dev.meshguard.hooks.tomcat;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.http.MimeHeaders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Decides a Tomcat request and writes the verdict back through the coyote request and response. */
public final class TomcatAdapter implements ServerAdapter {

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        Request req = (Request) request;
        Verdict v = enforcer.decide(new TomcatRequestView(req));
        if (v.allowed()) {
            apply(v.mutation(), req.getCoyoteRequest().getMimeHeaders());
            return Bridge.CONTINUE;
        }
        deny((Response) response, v);
        return Bridge.HANDLED;
    }

    static void apply(HeaderMutation mutation, MimeHeaders headers) {
        for (String name : mutation.remove()) {
            headers.removeHeader(name);
        }
        for (Map.Entry<String, String> e : mutation.set().entrySet()) {
            headers.removeHeader(e.getKey());
            headers.addValue(e.getKey()).setString(e.getValue());
        }
    }

    private static void deny(Response response, Verdict v) {
        org.apache.coyote.Response res = response.getCoyoteResponse();
        byte[] body = v.body().getBytes(StandardCharsets.UTF_8);
        res.setStatus(v.status());
        for (Map.Entry<String, String> h : v.responseHeaders().entrySet()) {
            res.addHeader(h.getKey(), h.getValue());
        }
        res.setContentType("text/plain");
        res.setContentLength(body.length);
        try {
            if (body.length > 0) {
                res.doWrite(ByteBuffer.wrap(body));
            }
        } catch (IOException e) {
            // The client went away; nothing was routed, and CoyoteAdapter finishes the exchange.
            response.setError();
        }
    }
}
