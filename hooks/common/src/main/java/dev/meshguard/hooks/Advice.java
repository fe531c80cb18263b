package dev.meshguard.hooks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotations of an advice class: a static method the agent copies into a server's method, at its start
 * ({@link OnMethodEnter}) or before each of its returns ({@link OnMethodExit}), and whose parameters name what they
 * read. They are read from the advice's class file and never loaded, so an advice may name the server's types. An
 * advice may call static methods of other classes (the {@code Bridge}, the server's), but not its own class's members,
 * and may not use lambdas; an exit advice returns nothing and catches nothing. The agent refuses, and logs, an advice
 * that breaks these rules or does not fit its target, and then leaves the target as it is.
 */
public final class Advice {
    private Advice() {
    }

    /**
     * Runs before the method's own code. With {@code skipOnTrue} the advice returns a boolean and, when it is true, the
     * method returns at once without running: {@code true} if it returns a boolean and {@link #skippedReturnsTrue()},
     * otherwise its type's default (nothing, {@code false}, zero or {@code null}).
     */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    public @interface OnMethodEnter {
        boolean skipOnTrue() default false;

        boolean skippedReturnsTrue() default false;
    }

    /** Runs when the method returns normally, before the value is returned; not when it throws. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    public @interface OnMethodExit {
    }

    /** The method's receiver. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.PARAMETER)
    public @interface This {
    }

    /** The method's argument at {@code value}; an enter advice that assigns it replaces the argument when not read-only. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.PARAMETER)
    public @interface Argument {
        int value();

        boolean readOnly() default true;
    }

    /** The value the method returns (exit advice); assigning it changes what is returned when not read-only. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.PARAMETER)
    public @interface Return {
        boolean readOnly() default true;
    }

    /** An instance field that the target class itself declares. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.PARAMETER)
    public @interface FieldValue {
        String value();
    }
}
