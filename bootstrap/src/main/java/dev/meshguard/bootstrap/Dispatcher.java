package dev.meshguard.bootstrap;

/** The agent's side of the {@link Bridge}: finds the adapter for a hook and the request's class loader. */
public interface Dispatcher {

    /** Same contract as {@link Bridge#dispatch}; may throw, the bridge fails closed. */
    Object dispatch(String hook, Object request, Object response, Object extra) throws Throwable;
}
