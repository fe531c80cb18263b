package dev.meshguard.bootstrap;

/**
 * The one class inlined hooks call. It lives on the boot class path so that advice woven into any server class,
 * in any class loader, can reach the agent, whose own classes stay invisible to the application.
 */
public final class Bridge {
    /** Returned when the request goes on unchanged. */
    public static final Object CONTINUE = new Object();
    /** Returned when the request was answered by the agent and must not reach the application. */
    public static final Object HANDLED = new Object();

    private static volatile Dispatcher dispatcher;

    private Bridge() {
    }

    /** Installs the agent's dispatcher; called once by the agent at start-up. */
    public static void install(Dispatcher d) {
        dispatcher = d;
    }

    /**
     * Decides a request for {@code hook} (e.g. {@code "tomcat"}). Returns {@link #CONTINUE}, {@link #HANDLED} or a
     * replacement request. Never throws: an error inside the agent is reported through the dispatcher's own
     * fail-closed path, and if even that fails the request is refused with {@link #FAILED}.
     */
    public static Object dispatch(String hook, Object request, Object response, Object extra) {
        Dispatcher d = dispatcher;
        if (d == null) {
            return FAILED;
        }
        try {
            return d.dispatch(hook, request, response, extra);
        } catch (Throwable t) {
            return FAILED;
        }
    }

    /**
     * Returned when no decision could be made and nothing was written: the hook must refuse the request itself
     * (503) without running the application.
     */
    public static final Object FAILED = new Object();
}
