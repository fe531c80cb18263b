import SERVLET.AsyncContext;
import SERVLET.ServletException;
import SERVLET.http.HttpServlet;
import SERVLET.http.HttpServletRequest;
import SERVLET.http.HttpServletResponse;

import java.io.IOException;

/**
 * Mapped to /dispatch/*: sends the request on, inside the container, to {@link #TARGET} by a forward, an include, an
 * async dispatch or an error page (the apps map 404 to it). The container decides once, on the path the client sent.
 */
public class Dispatches extends HttpServlet {
    public static final String TARGET = "/api/v1/products/0";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String how = String.valueOf(req.getPathInfo());
        if (how.equals("/forward")) {
            req.getRequestDispatcher(TARGET).forward(req, resp);
        } else if (how.equals("/include")) {
            req.getRequestDispatcher(TARGET).include(req, resp);
        } else if (how.equals("/async")) {
            AsyncContext async = req.startAsync();
            async.dispatch(TARGET);
        } else if (how.equals("/error")) {
            resp.sendError(404);
        } else {
            resp.sendError(400);
        }
    }
}
