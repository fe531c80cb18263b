import SERVLET.http.HttpServlet;
import SERVLET.http.HttpServletRequest;
import SERVLET.http.HttpServletResponse;

import java.io.IOException;

/** A legacy web application's servlet, packaged in a plain WAR with a web.xml; it knows nothing of Meshguard. */
public class HelloServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print("hello from " + getServletContext().getServerInfo() + " at " + req.getRequestURI()
                + " auth=" + (req.getHeader("Authorization") != null));
    }
}
