package dev.meshguard.engine;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.jwt.JwtAuthenticator;

import java.util.Collections;

/**
 * One compiled policy version, swapped in as a whole: a request sees one snapshot from start to end. Either a
 * working pair of authenticator and authorizer, or a fail-closed state that answers every request 503.
 */
final class Snapshot {
    static final Snapshot NO_POLICIES = new Snapshot(JwtAuthenticator.none(), Authorizer.none(), null, null, "no policies");

    final JwtAuthenticator jwt;
    final Authorizer authz;
    /** Non-null when failing closed: the answer to every request. */
    final Verdict failClosed;
    /** What the agent fails closed on; null otherwise. */
    final String problem;
    /** What is in force, for logs and the banner. */
    final String summary;

    Snapshot(JwtAuthenticator jwt, Authorizer authz, Verdict failClosed, String problem, String summary) {
        this.jwt = jwt;
        this.authz = authz;
        this.failClosed = failClosed;
        this.problem = problem;
        this.summary = summary;
    }

    /** True when no policy applies: requests go on untouched. */
    boolean isEmpty() {
        return failClosed == null && jwt == JwtAuthenticator.none() && authz.isEmpty();
    }

    /** Every request answered 503 with a one-line body naming {@code problem}. */
    static Snapshot failClosed(String problem) {
        String line = oneLine(problem);
        Verdict v = Verdict.deny(503, Collections.<String, String>emptyMap(), "meshguard: " + line,
                "meshguard_fail_closed", false);
        return new Snapshot(JwtAuthenticator.none(), Authorizer.none(), v, line, "failing closed: " + line);
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
