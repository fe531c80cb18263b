package dev.meshguard.bootstrap;

/** The agent's side of the {@link Bridge}: finds the adapter for a hook and the request's class loader. */
public interface Dispatcher {

    /**
     * Same contract as {@link Bridge#dispatch(String, ServerAdapter, Object, Object, Object)}: {@code adapter} decides
     * when given, else the hook's adapter for the request's class loader. May throw; the bridge fails closed.
     */
    Object dispatch(String hook, ServerAdapter adapter, Object request, Object response, Object extra) throws Throwable;
}
