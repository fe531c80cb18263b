package dev.meshguard.agent;

import dev.meshguard.hooks.Advice;

/** Advice for {@link InlinerTargets}, and advice the inliner must refuse; see {@link AdviceInlinerTest}. */
final class InlinerAdvice {
    private InlinerAdvice() {
    }

    static final class Greet {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object self, @Advice.FieldValue("name") String name,
                          @Advice.Argument(value = 0, readOnly = false) String who, @Advice.Argument(1) long times) {
            InlinerSeen.self = self;
            InlinerSeen.field = name;
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
            InlinerSeen.calls++;
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
            InlinerSeen.field = result;
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
            Runnable r = () -> InlinerSeen.calls++;
            r.run();
        }
    }

    static final class ExitCatches {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object request) {
            try {
                InlinerSeen.self = request.toString();
            } catch (RuntimeException e) {
                InlinerSeen.self = null;
            }
        }
    }

    static final class NoSuchArgument {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(3) Object request) {
            InlinerSeen.self = request;
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
            InlinerSeen.self = request;
        }
    }

    static final class UsesNestedClass {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object request) {
            InlinerSeen.self = new Unmarked[0];
        }
    }

    static final class ReadsField {
        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("name") String name) {
            InlinerSeen.field = name;
        }
    }

    static final class AfterParse {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) int result) {
            result = result + 1;
        }
    }
}
