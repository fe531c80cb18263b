package dev.meshguard.bootstrap;

/** Decides a request. Thread-safe; never throws for a well-formed {@link RequestView}. */
public interface Enforcer {

    /** The verdict for {@code request}, against the policy snapshot in force when called. */
    Verdict decide(RequestView request);
}
