package dev.meshguard.bootstrap;

/**
 * How one server changes the headers of a request it goes on with: the server-specific part of applying a
 * {@link HeaderMutation}. One small implementation per server line.
 *
 * @param <Q> what holds the server's request headers
 */
public interface RequestHeaders<Q> {

    /** Removes every value of a header (name matched case-insensitively). */
    void remove(Q headers, String name);

    /** Sets a header to one value, replacing any it had. */
    void set(Q headers, String name, String value);
}
