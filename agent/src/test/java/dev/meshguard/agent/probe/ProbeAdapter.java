package dev.meshguard.agent.probe;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;

/** A hook adapter for {@code HookDispatcherTest}: answers with itself, so the test sees which instance decided. */
public final class ProbeAdapter implements ServerAdapter {
    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        if ("fail".equals(extra)) {
            throw new IllegalStateException("probe failure");
        }
        return extra == null ? this : Bridge.CONTINUE;
    }
}
