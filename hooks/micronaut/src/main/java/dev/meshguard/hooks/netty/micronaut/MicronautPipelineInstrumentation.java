package dev.meshguard.hooks.netty.micronaut;

import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * Weaves {@code HttpPipelineBuilder$ConnectionPipeline.initChannel()}, which Micronaut runs for each new connection
 * before it adds any handler: the advice marks the channel as Micronaut's ({@code NettyInstrumentation.FRAMEWORK_HOOK}),
 * so the plain Netty hook leaves it, and its HTTP/2 streams, to {@link MicronautInstrumentation} while that is woven.
 * Its own hook name, so that this class being woven never passes for the request hook being woven. Java 8, like
 * {@link MicronautInstrumentation}.
 */
public final class MicronautPipelineInstrumentation implements ServerInstrumentation {
    static final String TARGET = "io.micronaut.http.server.netty.HttpPipelineBuilder$ConnectionPipeline";

    @Override
    public String hook() { return "micronaut-pipeline"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("initChannel").takesArguments(0);
    }

    @Override
    public String adviceClass() { return "dev.meshguard.hooks.netty.micronaut.MicronautAdvices$ChannelAdvice"; }

    /** Never called: the advice asks nothing of the agent. */
    @Override
    public String adapterClass() { return MicronautInstrumentation.ADAPTER; }

    @Override
    public String adapterPackage() { return "dev.meshguard.hooks.netty."; }
}
