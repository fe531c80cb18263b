package dev.meshguard.agent;

import dev.meshguard.bootstrap.AgentClassLoader;
import dev.meshguard.bootstrap.Dispatcher;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.log.Logger;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's side of the bridge: finds a hook's adapter, loaded next to the server's classes (one per hook and server
 * class loader, found through the request's class), and lets it decide the request. A failure is logged with its
 * stack once per kind and rethrown, so the bridge answers 503: an unchecked request never goes on.
 */
final class HookDispatcher implements Dispatcher {
    private static final Logger LOG = Logger.get(HookDispatcher.class);

    /**
     * Fault injection for the integration tests only ({@code -Dmeshguard.test.failHooks=true}): every dispatch fails,
     * to prove that a broken hook answers 503 and never lets a request through. A constant, so free when unset.
     */
    private static final boolean FAIL_FOR_TESTS = Boolean.getBoolean("meshguard.test.failHooks");

    private final Enforcer enforcer;
    private final Map<String, ClassValue<ServerAdapter>> adapters = new HashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    HookDispatcher(Enforcer enforcer, List<ServerInstrumentation> hooks, final AgentClassLoader agentLoader) {
        this.enforcer = enforcer;
        for (final ServerInstrumentation hook : hooks) {
            // Weak both ways: the request classes' ClassValue entries keep an adapter alive exactly as long as their
            // class loader, and a server class loader that is dropped is not kept by this map.
            final Map<ClassLoader, WeakReference<ServerAdapter>> byLoader = new WeakHashMap<>();
            adapters.put(hook.hook(), new ClassValue<ServerAdapter>() {
                @Override
                protected ServerAdapter computeValue(Class<?> requestType) {
                    ClassLoader serverLoader = requestType.getClassLoader();
                    synchronized (byLoader) {
                        WeakReference<ServerAdapter> known = byLoader.get(serverLoader);
                        ServerAdapter adapter = known == null ? null : known.get();
                        if (adapter == null) {
                            adapter = load(hook, serverLoader, agentLoader);
                            byLoader.put(serverLoader, new WeakReference<>(adapter));
                            LOG.debug("{} adapter loaded for {}", hook.hook(), requestType.getName());
                        }
                        return adapter;
                    }
                }
            });
        }
    }

    /** A new adapter for {@code hook}, in a loader of its own whose parent is the server's class loader. */
    private static ServerAdapter load(ServerInstrumentation hook, ClassLoader serverLoader, AgentClassLoader agentLoader) {
        try {
            ClassLoader loader = agentLoader.forHooks(serverLoader, hook.adapterPackage());
            return (ServerAdapter) loader.loadClass(hook.adapterClass()).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + hook.adapterClass() + " next to " + serverLoader, e);
        }
    }

    @Override
    public Object dispatch(String hook, ServerAdapter adapter, Object request, Object response, Object extra)
            throws Throwable {
        try {
            if (FAIL_FOR_TESTS) {
                throw new IllegalStateException("failure injected by meshguard.test.failHooks");
            }
            ServerAdapter a = adapter != null ? adapter : adapters.get(hook).get(request.getClass());
            return a.handle(request, response, extra, enforcer);
        } catch (Throwable t) {
            if (reported.add(hook + " " + t.getClass().getName())) {
                LOG.error("{} hook failed; the request is answered 503 (logged once per kind of failure)", hook, t);
            }
            throw t;
        }
    }
}
