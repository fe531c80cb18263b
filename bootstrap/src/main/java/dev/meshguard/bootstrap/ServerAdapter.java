package dev.meshguard.bootstrap;

/**
 * One server line's adapter (e.g. Tomcat): turns the container's request into a {@link RequestView}, asks the
 * {@link Enforcer}, and writes the {@link Verdict} back (a direct answer, or header changes on an allowed request).
 * Implementations live in {@code hooks/*} and are loaded next to the server's own classes.
 */
public interface ServerAdapter {

    /**
     * Decides one request at the container's dispatch entry.
     *
     * @param request  the container's request object
     * @param response the container's response object (or null where the hook has none)
     * @param extra    a hook-specific third argument (e.g. Jetty 12's {@code Callback}), or null
     * @param enforcer the decision core
     * @return {@link Bridge#CONTINUE} to go on unchanged, {@link Bridge#HANDLED} when the request was answered and
     *         must not reach the application, or a replacement request object to go on with
     */
    Object handle(Object request, Object response, Object extra, Enforcer enforcer);
}
