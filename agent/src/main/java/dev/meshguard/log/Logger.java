package dev.meshguard.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * The agent's own logger: one line per event on stderr, never through the application's logging.
 * Level from {@code MESHGUARD_LOG_LEVEL} ({@code debug}, {@code info}, {@code warn}, {@code error}, {@code off};
 * default {@code info}); {@code MESHGUARD_LOG_FORMAT=json} writes one JSON object per line.
 * Messages use {@code {}} placeholders. Never pass a token, key or secret.
 */
public final class Logger {

    /** Severity, lowest first. */
    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static volatile Level threshold = parseLevel(setting("meshguard.log.level", "MESHGUARD_LOG_LEVEL"));
    private static volatile boolean json = "json".equalsIgnoreCase(setting("meshguard.log.format", "MESHGUARD_LOG_FORMAT"));
    private static volatile PrintStream out = System.err;

    private final String name;

    private Logger(String name) {
        this.name = name;
    }

    public static Logger get(Class<?> type) {
        return new Logger(type.getSimpleName());
    }

    /** Overrides level and format, e.g. from agent arguments. */
    public static void configure(Level level, boolean jsonFormat) {
        threshold = level;
        json = jsonFormat;
    }

    /** Redirects output; for tests and the command-line tools. */
    public static void output(PrintStream stream) {
        out = stream;
    }

    /** Parses a level name; null or unknown gives {@link Level#INFO}. */
    public static Level parseLevel(String value) {
        if (value == null) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    public boolean enabled(Level level) { return level.compareTo(threshold) >= 0 && threshold != Level.OFF; }

    public void debug(String message, Object... args) { log(Level.DEBUG, message, args); }

    public void info(String message, Object... args) { log(Level.INFO, message, args); }

    public void warn(String message, Object... args) { log(Level.WARN, message, args); }

    public void error(String message, Object... args) { log(Level.ERROR, message, args); }

    /** Logs at {@code level}; a trailing {@link Throwable} argument is printed with its stack trace. */
    public void log(Level level, String message, Object... args) {
        if (!enabled(level)) {
            return;
        }
        Throwable thrown = args.length > 0 && args[args.length - 1] instanceof Throwable
                ? (Throwable) args[args.length - 1] : null;
        String text = format(message, args);
        StringBuilder line = new StringBuilder(text.length() + 64);
        if (json) {
            line.append("{\"time\":\"").append(Instant.now()).append("\",\"level\":\"").append(level)
                    .append("\",\"logger\":\"").append(name).append("\",\"message\":");
            quote(line, text);
            if (thrown != null) {
                line.append(",\"error\":");
                quote(line, String.valueOf(thrown));
            }
            line.append('}');
        } else {
            line.append(Instant.now()).append(" [meshguard] ").append(level).append(' ')
                    .append(name).append(": ").append(text);
        }
        PrintStream target = out;
        synchronized (target) {
            target.println(line);
            if (thrown != null && !json) {
                thrown.printStackTrace(target);
            }
        }
    }

    static String format(String message, Object[] args) {
        if (args.length == 0) {
            return message;
        }
        StringBuilder b = new StringBuilder(message.length() + 32);
        int arg = 0;
        int i = 0;
        while (i < message.length()) {
            int at = message.indexOf("{}", i);
            if (at < 0 || arg >= args.length) {
                b.append(message, i, message.length());
                break;
            }
            b.append(message, i, at).append(args[arg++]);
            i = at + 2;
        }
        return b.toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
