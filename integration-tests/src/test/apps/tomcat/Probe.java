import java.util.function.BiConsumer;

/** Reports which jar each library the application uses came from, when the app was built with its own libraries. */
final class Probe {
    private Probe() {
    }

    static void report(BiConsumer<String, String> header) {
        try {
            Class<?> probe = Class.forName("LibraryProbe");
            for (String[] pair : (String[][]) probe.getMethod("libraries").invoke(null)) {
                header.accept("X-Lib-" + pair[0], pair[1]);
            }
        } catch (ClassNotFoundException e) {
            // a plain application
        } catch (ReflectiveOperationException e) {
            header.accept("X-Lib-Error", e.toString());
        }
    }
}
