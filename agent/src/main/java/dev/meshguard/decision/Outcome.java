package dev.meshguard.decision;

import dev.meshguard.authz.Decision;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.jwt.AuthResult;

/**
 * Everything decided about one request, as typed values: the stage that ended it, the JWT result, the authorization
 * decision, whether the global {@code MESHGUARD_MODE=dry-run} let a denial through, and the verdict the hook
 * enforces. Metrics and the decision log read these fields; nothing parses text. Immutable.
 */
public final class Outcome {

    /** Where the request's fate was settled. */
    public enum Stage {
        /** The agent is failing closed (a broken configuration or policy at start-up): 503. */
        FAIL_CLOSED,
        /** Envoy would refuse the path before any filter (a NUL byte): 400. */
        PATH_REFUSED,
        /** The application routes on the raw path, which is not the path Envoy would match: 400. */
        AMBIGUOUS_PATH,
        /** JWT authentication refused the token: 401, or 403 for its audience. */
        AUTHENTICATION,
        /** Authorization decided (allowed or denied). */
        AUTHORIZATION
    }

    private final Stage stage;
    private final String failClosed;
    private final AuthResult auth;
    private final Decision authz;
    private final boolean modeDryRun;
    private final Verdict verdict;

    private Outcome(Stage stage, String failClosed, AuthResult auth, Decision authz, boolean modeDryRun, Verdict verdict) {
        this.stage = stage;
        this.failClosed = failClosed;
        this.auth = auth;
        this.authz = authz;
        this.modeDryRun = modeDryRun;
        this.verdict = verdict;
    }

    /** The response-code-details of an {@link Stage#AMBIGUOUS_PATH} refusal. */
    public static final String AMBIGUOUS_PATH_DETAILS = "meshguard_ambiguous_path";

    public static Outcome failClosed(String problem, Verdict verdict) {
        return new Outcome(Stage.FAIL_CLOSED, problem, null, null, false, verdict);
    }

    public static Outcome pathRefused(boolean modeDryRun, Verdict verdict) {
        return new Outcome(Stage.PATH_REFUSED, null, null, null, modeDryRun, verdict);
    }

    public static Outcome ambiguousPath(boolean modeDryRun, Verdict verdict) {
        return new Outcome(Stage.AMBIGUOUS_PATH, null, null, null, modeDryRun, verdict);
    }

    public static Outcome authentication(AuthResult auth, boolean modeDryRun, Verdict verdict) {
        return new Outcome(Stage.AUTHENTICATION, null, auth, null, modeDryRun, verdict);
    }

    public static Outcome authorization(AuthResult auth, Decision authz, boolean modeDryRun, Verdict verdict) {
        return new Outcome(Stage.AUTHORIZATION, null, auth, authz, modeDryRun, verdict);
    }

    public Stage stage() { return stage; }

    /** The problem the agent fails closed on; null unless {@link Stage#FAIL_CLOSED}. */
    public String failClosed() { return failClosed; }

    /** The JWT result; null when authentication was not reached. */
    public AuthResult auth() { return auth; }

    /** The authorization decision; null when authorization was not reached. */
    public Decision authz() { return authz; }

    /** True when the policies denied the request (whatever the mode). */
    public boolean denied() {
        switch (stage) {
            case AUTHENTICATION: return auth.rejected();
            case AUTHORIZATION: return !authz.allowed();
            default: return true;
        }
    }

    /** True when {@code MESHGUARD_MODE=dry-run} let a denied request through. */
    public boolean modeDryRun() { return modeDryRun; }

    /** What the hook enforces. */
    public Verdict verdict() { return verdict; }

    /** The status the policies gave a denied request (even when dry-run mode let it through); 0 when allowed. */
    public int deniedStatus() {
        switch (stage) {
            case FAIL_CLOSED: return 503;
            case PATH_REFUSED: case AMBIGUOUS_PATH: return 400;
            case AUTHENTICATION: return auth.rejected() ? auth.status().httpStatus() : 0;
            default: return authz.status();
        }
    }

    /** Envoy's response-code-details of a denial; empty when allowed. */
    public String details() {
        switch (stage) {
            case FAIL_CLOSED: return "meshguard_fail_closed";
            case PATH_REFUSED: return "path_normalization_failed";
            case AMBIGUOUS_PATH: return AMBIGUOUS_PATH_DETAILS;
            case AUTHENTICATION: return auth.rejected() ? auth.status().details() : "";
            default: return authz.details();
        }
    }
}
