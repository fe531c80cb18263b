package dev.meshguard.bootstrap.hooksample;

/** A class of a hooks package, for {@code AgentClassLoaderTest}. */
public final class HookSample {
}
