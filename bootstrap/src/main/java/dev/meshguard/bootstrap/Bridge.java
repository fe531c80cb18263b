package dev.meshguard.bootstrap;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private static volatile Runnable activator;
    private static final Set<String> WOVEN = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());

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
        return dispatch(hook, null, request, response, extra);
    }

    /**
     * {@link #dispatch(String, Object, Object, Object)} through an adapter the hook already holds: one that an earlier
     * dispatch gave it, such as the Vert.x connection's request handler, which then skips the adapter lookup on every
     * request. A null {@code adapter} is looked up as usual. Never throws.
     */
    public static Object dispatch(String hook, ServerAdapter adapter, Object request, Object response, Object extra) {
        Dispatcher d = dispatcher;
        if (d == null) {
            d = activateOnDemand();
            if (d == null) {
                return FAILED;
            }
        }
        try {
            return d.dispatch(hook, adapter, request, response, extra);
        } catch (Throwable t) {
            return FAILED;
        }
    }

    /**
     * Sets what starts the agent when a passively woven hook first needs it (a Netty server's codec joining a
     * pipeline); called once at start-up. It returns when the agent is ready, or has failed to start.
     */
    public static void activator(Runnable start) {
        activator = start;
    }

    private static Dispatcher activateOnDemand() {
        Runnable start = activator;
        if (start != null) {
            try {
                start.run();
            } catch (Throwable t) {
                return null;
            }
        }
        return dispatcher;
    }

    /** Records that {@code hook}'s advice is in a loaded server class; called by the agent once it has woven it. */
    public static void woven(String hook) {
        WOVEN.add(hook);
    }

    /**
     * True once {@code hook}'s advice is in a loaded server class. A lower-level hook (plain Netty) leaves a request
     * to a framework's hook only when that hook is woven, so no request goes unchecked if it is not.
     */
    public static boolean isWoven(String hook) {
        return WOVEN.contains(hook);
    }

    /**
     * Returned when no decision could be made and nothing was written: the hook must refuse the request itself
     * (503) without running the application.
     */
    public static final Object FAILED = new Object();
}
