package dev.meshguard.agent;

/**
 * What the advice of {@link InlinerAdvice} saw, for {@link AdviceInlinerTest} to read: a class of its own, since an
 * advice may not use its own class or the classes nested in it, and public, since woven classes live in another loader.
 */
public final class InlinerSeen {
    public static volatile Object self;
    public static volatile Object field;
    public static volatile int calls;

    private InlinerSeen() {
    }
}
