/** A JVM that serves no HTTP: it waits, then loads one more class of its own, then exits. */
public class IdleApp {
    public static void main(String[] args) throws Exception {
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println(new Later());
    }

    static final class Later {
        @Override
        public String toString() {
            return "done";
        }
    }
}
