package dev.meshguard.hooks.tomcat;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.RequestHeaders;
import dev.meshguard.bootstrap.ResponseMutator;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.http.MimeHeaders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a Tomcat request and writes the verdict back through the coyote request and response. A request Tomcat
 * has already failed (a header section it could not parse, a bad request line or Host, a URI it refuses: its
 * response is in error) is left to Tomcat, which answers it with its own 4xx and never runs the application.
 */
public final class TomcatAdapter implements ServerAdapter {
    static final ResponseMutator<org.apache.coyote.Response> RESPONSE = new CoyoteResponse();
    static final RequestHeaders<MimeHeaders> HEADERS = new CoyoteHeaders();

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        Request req = (Request) request;
        Response res = (Response) response;
        if (res.isError() || req.getCoyoteRequest().requestURI().isNull() || req.getCoyoteRequest().method().isNull()) {
            return Bridge.CONTINUE;
        }
        Verdict v = enforcer.decide(new TomcatRequestView(req)).await();
        if (v.allowed()) {
            v.mutation().applyTo(req.getCoyoteRequest().getMimeHeaders(), HEADERS);
            return Bridge.CONTINUE;
        }
        try {
            Denials.write(res.getCoyoteResponse(), v, RESPONSE);
        } catch (IOException e) {
            // The client went away; nothing was routed, and CoyoteAdapter finishes the exchange.
            res.setError();
        }
        return Bridge.HANDLED;
    }

    /** Writes on the coyote response, below the servlet layer. */
    private static final class CoyoteResponse implements ResponseMutator<org.apache.coyote.Response> {
        @Override
        public void status(org.apache.coyote.Response r, int status) {
            r.setStatus(status);
        }

        @Override
        public void header(org.apache.coyote.Response r, String name, String value) {
            r.setHeader(name, value);
        }

        @Override
        public void finish(org.apache.coyote.Response r, String contentType, byte[] body) throws IOException {
            if (contentType == null && body.length == 0 && "HTTP/2.0".equals(r.getRequest().protocol().toString())) {
                grpcTrailers(r);
                return;
            }
            if (contentType != null) {
                r.setContentType(contentType);
            }
            r.setContentLength(body.length);
            if (body.length > 0) {
                r.doWrite(ByteBuffer.wrap(body));
            }
        }
    }

    /**
     * gRPC's trailers-only form, as Tomcat can send it: Tomcat ends an HTTP/2 stream with its first HEADERS frame only
     * for a status without a body, and after HEADERS without end of stream and an empty DATA frame that ends it, a
     * gRPC client fails the call as {@code INTERNAL} (grpc-servlet's own trailers-only answers fail so on Tomcat). So
     * the headers frame carries {@code :status 200} and {@code content-type} only, and every other header of the answer
     * ({@code grpc-status}, {@code grpc-message}, {@code www-authenticate}, ...) goes in the trailers that end the
     * stream: a gRPC client reads the same status, description and trailers. Over HTTP/1.1 the answer stays one header
     * block with an empty body, as Envoy sends it there.
     */
    private static void grpcTrailers(org.apache.coyote.Response r) {
        MimeHeaders headers = r.getMimeHeaders();
        final Map<String, String> trailers = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.getName(i).toString().toLowerCase(Locale.ROOT);
            if (!name.equals("content-type")) {
                trailers.put(name, headers.getValue(i).toString());
            }
        }
        for (String name : trailers.keySet()) {
            headers.removeHeader(name);
        }
        r.setTrailerFields(() -> trailers);
    }

    /** Changes the coyote request's headers, which the servlet API reads. */
    private static final class CoyoteHeaders implements RequestHeaders<MimeHeaders> {
        @Override
        public void remove(MimeHeaders headers, String name) {
            headers.removeHeader(name);
        }

        @Override
        public void set(MimeHeaders headers, String name, String value) {
            headers.removeHeader(name);
            headers.addValue(name).setString(value);
        }
    }
}
