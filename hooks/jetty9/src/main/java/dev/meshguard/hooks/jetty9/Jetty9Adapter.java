package dev.meshguard.hooks.jetty9;

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

import java.io.IOException;
import java.lang.reflect.Method;

/**
 * Decides a Jetty 9.4–11 request. Request headers are changed in place on 9.4; on 10 and 11, whose request fields are
 * immutable, a changed copy is set on the request (looked up once, by reflection, since those types differ from 9.4's).
 * A request Jetty already answered (committed, marked handled or in error) is left to Jetty, and an async re-dispatch
 * through the server is not decided again.
 */
public final class Jetty9Adapter implements ServerAdapter {
    static final ResponseMutator<Response> RESPONSE = new JettyResponse();

    private final Method build;
    private final Method setFields;
    private final Method dispatcherType;

    public Jetty9Adapter() throws NoSuchMethodException {
        this.dispatcherType = Request.class.getMethod("getDispatcherType");
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
    public Object handle(Object requestObject, Object unused, Object extra, Enforcer enforcer) throws RuntimeException {
        Request request = (Request) requestObject;
        Response response = request.getResponse();
        if (request.isHandled() || response.isCommitted() || response.getStatus() >= 400 || request.getMethod() == null
                || !isRequestDispatch(request)) {
            return Bridge.CONTINUE;
        }
        Verdict v = enforcer.decide(new Jetty9RequestView(request)).await();
        if (v.allowed()) {
            if (!v.mutation().isEmpty()) {
                apply(request, v);
            }
            return Bridge.CONTINUE;
        }
        try {
            Denials.write(response, v, RESPONSE);
        } catch (IOException e) {
            // The client went away; the request is still not handled by the application.
        }
        request.setHandled(true);
        return Bridge.HANDLED;
    }

    /** True for the request's own dispatch; an async re-dispatch through the server was decided already. */
    private boolean isRequestDispatch(Request request) {
        try {
            return "REQUEST".equals(String.valueOf(dispatcherType.invoke(request)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the dispatch type of this Jetty version", e);
        }
    }

    private void apply(Request request, Verdict v) {
        if (setFields == null) {
            v.mutation().applyTo(request.getHttpFields(), InPlace.INSTANCE);
            return;
        }
        try {
            Object fields = build.invoke(null, request.getClass().getMethod("getHttpFields").invoke(request));
            v.mutation().applyTo(fields, new Reflective(fields.getClass()));
            setFields.invoke(request, fields);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot change the request headers of this Jetty version", e);
        }
    }

    /** Jetty 9.4: the request's own fields are mutable. */
    private static final class InPlace implements RequestHeaders<HttpFields> {
        static final InPlace INSTANCE = new InPlace();

        @Override
        public void remove(HttpFields fields, String name) {
            fields.remove(name);
        }

        @Override
        public void set(HttpFields fields, String name, String value) {
            fields.put(name, value);
        }
    }

    /** Jetty 10 and 11: a {@code HttpFields.Mutable} copy, whose type 9.4 does not have. */
    private static final class Reflective implements RequestHeaders<Object> {
        private final Method remove;
        private final Method put;

        Reflective(Class<?> mutable) throws NoSuchMethodException {
            this.remove = mutable.getMethod("remove", String.class);
            this.put = mutable.getMethod("put", String.class, String.class);
        }

        @Override
        public void remove(Object fields, String name) {
            invoke(remove, fields, name);
        }

        @Override
        public void set(Object fields, String name, String value) {
            invoke(put, fields, name, value);
        }

        private static void invoke(Method m, Object target, Object... args) {
            try {
                m.invoke(target, args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot change the request headers of this Jetty version", e);
            }
        }
    }

    /** Writes on the Jetty response. */
    private static final class JettyResponse implements ResponseMutator<Response> {
        @Override
        public void status(Response r, int status) {
            r.setStatus(status);
        }

        @Override
        public void header(Response r, String name, String value) {
            r.setHeader(name, value);
        }

        @Override
        public void finish(Response r, String contentType, byte[] body) throws IOException {
            if (contentType != null) {
                r.setContentType(contentType);
            }
            r.setContentLength(body.length);
            r.getHttpOutput().write(body);
            r.closeOutput();
        }
    }
}
