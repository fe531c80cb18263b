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
    static final Snapshot NO_POLICIES = new Snapshot(JwtAuthenticator.none(), Authorizer.none(), null, "no policies");

    final JwtAuthenticator jwt;
    final Authorizer authz;
    /** Non-null when failing closed: the answer to every request. */
    final Verdict failClosed;
    /** What is in force, for logs and the banner. */
    final String summary;

    Snapshot(JwtAuthenticator jwt, Authorizer authz, Verdict failClosed, String summary) {
        this.jwt = jwt;
        this.authz = authz;
        this.failClosed = failClosed;
        this.summary = summary;
    }

    /** Every request answered 503 with a one-line body naming {@code problem}. */
    static Snapshot failClosed(String problem) {
        Verdict v = Verdict.deny(503, Collections.<String, String>emptyMap(), "meshguard: " + oneLine(problem),
                "fail-closed: " + oneLine(problem));
        return new Snapshot(JwtAuthenticator.none(), Authorizer.none(), v, "failing closed: " + oneLine(problem));
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
