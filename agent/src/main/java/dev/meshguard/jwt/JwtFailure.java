package dev.meshguard.jwt;

/** A token refused for {@link #status()}; thrown inside the JWT layer only, without a stack trace (it is common). */
final class JwtFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final JwtStatus status;

    JwtFailure(JwtStatus status) {
        super(status.message(), null, false, false);
        this.status = status;
    }

    JwtStatus status() { return status; }
}
