package dev.meshguard.agent;

/** Methods of every shape the inliner meets in servers, for {@link AdviceInlinerTest}. */
final class InlinerTargets {
    private final String name;

    InlinerTargets(String name) {
        this.name = name;
    }

    String greet(String who, long times) {
        StringBuilder b = new StringBuilder();
        for (long i = 0; i < times; i++) {
            b.append(name).append(' ').append(who).append(';');
        }
        return b.toString();
    }

    boolean handle(Object request) {
        return request.hashCode() == 42; // a skipped call never reaches this with null
    }

    static void run(int[] counter) {
        counter[0]++;
    }

    static double ratio(int a) {
        return a / 2.0;
    }

    static int countDown(int n) {
        for (;;) { // a branch target, and so a frame, at the first instruction
            if (n-- <= 0) {
                return 7;
            }
        }
    }

    static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static long twice(long v) {
        return v * 2;
    }
}
