package dev.meshguard.hooks.jetty9;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decides a Jetty 9.4–11 request. Request headers are changed in place on 9.4; on 10 and 11, whose request fields are
 * immutable, a changed copy is set on the request (looked up once, by reflection, since those types differ from 9.4's).
 */
public final class Jetty9Adapter implements ServerAdapter {
    private final Method build;
    private final Method setFields;

    public Jetty9Adapter() {
        Method b = null;
        Method s = null;
        for (Method m : Request.class.getMethods()) {
            if (m.getName().equals("setHttpFields")) {
                s = m;
            }
        }
        if (s != null) {
            for (Method m : s.getParameterTypes()[0].getMethods()) {
                if (m.getName().equals("build") && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == s.getParameterTypes()[0]) {
                    b = m;
                }
            }
        }
        this.build = b;
        this.setFields = s;
    }

    @Override
    public Object handle(Object channelObject, Object unused, Object extra, Enforcer enforcer) throws RuntimeException {
        HttpChannel channel = (HttpChannel) channelObject;
        Request request = channel.getRequest();
        Verdict v = enforcer.decide(new Jetty9RequestView(request));
        if (v.allowed()) {
            if (!v.mutation().isEmpty()) {
                apply(request, v.mutation());
            }
            return Bridge.CONTINUE;
        }
        Response response = channel.getResponse();
        byte[] body = v.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(v.status());
        for (Map.Entry<String, String> h : v.responseHeaders().entrySet()) {
            response.setHeader(h.getKey(), h.getValue());
        }
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        try {
            response.getHttpOutput().write(body);
            response.closeOutput();
        } catch (IOException e) {
            // The client went away; the request is still not handled by the application.
        }
        request.setHandled(true);
        return Bridge.HANDLED;
    }

    private void apply(Request request, HeaderMutation mutation) {
        if (setFields == null) {
            HttpFields fields = request.getHttpFields();
            for (String name : mutation.remove()) {
                fields.remove(name);
            }
            for (Map.Entry<String, String> e : mutation.set().entrySet()) {
                fields.put(e.getKey(), e.getValue());
            }
            return;
        }
        try {
            Object fields = build.invoke(null, request.getClass().getMethod("getHttpFields").invoke(request));
            Method remove = fields.getClass().getMethod("remove", String.class);
            Method put = fields.getClass().getMethod("put", String.class, String.class);
            for (String name : mutation.remove()) {
                remove.invoke(fields, name);
            }
            for (Map.Entry<String, String> e : mutation.set().entrySet()) {
                put.invoke(fields, e.getKey(), e.getValue());
            }
            setFields.invoke(request, fields);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot change the request headers of this Jetty version", e);
        }
    }
}
