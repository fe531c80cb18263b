package dev.meshguard.agent;

import dev.meshguard.hooks.Advice;

/** Advice for {@link InlinerTargets}, and advice the inliner must refuse; see {@link AdviceInlinerTest}. */
final class InlinerAdvice {
    private InlinerAdvice() {
    }

    /** What the advice saw, for the test to read; public, since woven classes live in another class loader. */
    public static final class Seen {
        public static volatile Object self;
        public static volatile Object field;
        public static volatile int calls;

        private Seen() {
        }
    }

    static final class Greet {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self, @Advice.FieldValue("name") String name,
                          @Advice.Argument(value = 0, readOnly = false) String who, @Advice.Argument(1) long times) {
            Seen.self = self;
            Seen.field = name;
            if (times > 1) {
                who = who.toUpperCase();
            }
        }
    }

    static final class Handle {
        @Advice.OnMethodEnter(skipOnTrue = true, skippedReturnsTrue = true)
        static boolean enter(@Advice.Argument(0) Object request) {
            return request == null;
        }
    }

    static final class Run {
        @Advice.OnMethodEnter(skipOnTrue = true)
        static boolean enter(@Advice.Argument(0) int[] counter) {
            try {
                return counter[1] < 0;
            } catch (ArrayIndexOutOfBoundsException e) {
                return true;
            }
        }
    }

    static final class Ratio {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) int a, @Advice.Return(readOnly = false) double result) {
            if (a < 0) {
                result = -result;
            }
        }
    }

    static final class CountDown {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) int n) {
            Seen.calls++;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) int result) {
            result = result + 100;
        }
    }

    static final class Parse {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object s, @Advice.Return(readOnly = false) int result) {
            if (result < 0 && s == null) {
                result = -2;
            }
        }
    }

    static final class Twice {
        @Advice.OnMethodExit
        static void exit(@Advice.Return long result) {
            Seen.field = result;
        }
    }

    static final class CallsItself {
        @Advice.OnMethodEnter
        static void enter() {
            helper();
        }

        static void helper() {
        }
    }

    static final class UsesLambda {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object request) {
            Runnable r = () -> Seen.calls++;
            r.run();
        }
    }

    static final class ExitCatches {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object request) {
            try {
                Seen.self = request.toString();
            } catch (RuntimeException e) {
                Seen.self = null;
            }
        }
    }

    static final class NoSuchArgument {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(3) Object request) {
            Seen.self = request;
        }
    }

    static final class WidensWritable {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 0, readOnly = false) Object who) {
            who = "x";
        }
    }

    static final class Unmarked {
        @Advice.OnMethodEnter
        static void enter(Object request) {
            Seen.self = request;
        }
    }
}
