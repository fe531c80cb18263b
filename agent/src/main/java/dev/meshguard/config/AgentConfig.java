package dev.meshguard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's resolved configuration. Built once at start-up from agent arguments, system properties and the
 * environment. A malformed value never passes silently: it is recorded in {@link #errors()} (one line naming the
 * setting and what is accepted) and the agent then fails closed.
 */
public final class AgentConfig {
    static final String SERVICE_ACCOUNT_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    static final String DEFAULT_LABELS_FILE = "/etc/podinfo/labels";

    private final Map<Setting, String> raw;
    private final List<String> errors = new ArrayList<>();
    private final Path policyPath;
    private final boolean policyPathExplicit;
    private final Workload workload;
    private final String rootNamespace;
    private final Mode mode;
    private final Duration reloadInterval;
    private final Duration clockSkew;
    private final Duration jwksRefresh;
    private final Path jwksCaFile;
    private final int trustedProxies;
    private final String extAuthzUrl;
    private final Duration extAuthzTimeout;
    private final int metricsPort;
    private final Duration serverWait;

    private AgentConfig(Map<Setting, String> raw, Map<String, String> env, FileReader files) {
        this.raw = raw;
        this.policyPathExplicit = raw.containsKey(Setting.POLICY_PATH);
        this.policyPath = Paths.get(value(Setting.POLICY_PATH));
        this.workload = new Workload(namespace(env, files), labels(files));
        this.rootNamespace = value(Setting.ROOT_NAMESPACE);
        Mode parsedMode = Mode.parse(value(Setting.MODE));
        if (parsedMode == null) {
            error(Setting.MODE, "is not one of enforce, dry-run, off");
        }
        this.mode = parsedMode == null ? Mode.ENFORCE : parsedMode;
        this.reloadInterval = duration(Setting.RELOAD_INTERVAL);
        this.clockSkew = duration(Setting.CLOCK_SKEW);
        this.jwksRefresh = duration(Setting.JWKS_REFRESH);
        String ca = value(Setting.JWKS_CA_FILE);
        this.jwksCaFile = ca == null ? null : Paths.get(ca);
        this.trustedProxies = integer(Setting.TRUSTED_PROXIES, 0, 0, 64);
        this.extAuthzUrl = value(Setting.EXTAUTHZ_URL);
        if (extAuthzUrl != null && !extAuthzUrl.startsWith("http://") && !extAuthzUrl.startsWith("https://")) {
            error(Setting.EXTAUTHZ_URL, "is not an http:// or https:// URL");
        }
        this.extAuthzTimeout = duration(Setting.EXTAUTHZ_TIMEOUT);
        this.metricsPort = integer(Setting.METRICS_PORT, -1, 0, 65535);
        this.serverWait = duration(Setting.SERVER_WAIT);
        if (isUnknownLogLevel(value(Setting.LOG_LEVEL))) {
            error(Setting.LOG_LEVEL, "is not one of debug, info, warn, error, off");
        }
        String format = value(Setting.LOG_FORMAT);
        if (!"text".equalsIgnoreCase(format) && !"json".equalsIgnoreCase(format)) {
            error(Setting.LOG_FORMAT, "is not one of text, json");
        }
    }

    /** Resolves from the agent argument string (may be null), this JVM's system properties and environment. */
    public static AgentConfig resolve(String agentArgs) {
        return resolve(agentArgs, System.getProperties(), System.getenv(), FileReader.DEFAULT);
    }

    /** Resolves from explicit sources; for tests and the command-line tools. */
    public static AgentConfig resolve(String agentArgs, java.util.Properties properties, Map<String, String> env,
                                      FileReader files) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        List<String> argErrors = new ArrayList<>();
        Map<String, String> args = parseArguments(agentArgs, argErrors);
        for (Setting s : Setting.values()) {
            String v = args.remove(s.argument());
            if (v == null) {
                v = properties.getProperty(s.property());
            }
            if (v == null) {
                v = env.get(s.environment());
            }
            if (v != null && !v.trim().isEmpty()) {
                raw.put(s, v.trim());
            }
        }
        for (String unknown : args.keySet()) {
            argErrors.add("agent argument '" + unknown + "' is not a known setting (see docs/configuration.md)");
        }
        AgentConfig config = new AgentConfig(raw, env, files);
        config.errors.addAll(0, argErrors);
        return config;
    }

    /** Reads small files (the namespace and labels files); replaceable in tests. */
    public interface FileReader {
        /** The file's content, or null when it does not exist or cannot be read. */
        String read(String path);

        FileReader DEFAULT = new FileReader() {
            @Override
            public String read(String path) {
                try {
                    Path p = Paths.get(path);
                    return Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : null;
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }
        };
    }

    /** Parses {@code key=value,key=value}; a part without {@code =} is an error. */
    static Map<String, String> parseArguments(String agentArgs, List<String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.trim().isEmpty()) {
            return out;
        }
        for (String part : agentArgs.split(",")) {
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                errors.add("agent argument '" + part.trim() + "' is not key=value");
                continue;
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }

    /** Parses {@code app=httpbin,version=v1}; returns null when malformed. */
    static Map<String, String> parseLabelList(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            labels.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return labels;
    }

    /** Parses a downward-API labels file ({@code key="value"} per line); returns null when malformed. */
    static Map<String, String> parseLabelsFile(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.trim().isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            labels.put(line.substring(0, eq).trim(), value);
        }
        return labels;
    }

    /** Parses {@code 500ms}, {@code 60s}, {@code 20m}, {@code 1h} or plain seconds; null when malformed. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (unit) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: return null;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private String namespace(Map<String, String> env, FileReader files) {
        String ns = value(Setting.NAMESPACE);
        if (ns == null) {
            ns = env.get("POD_NAMESPACE");
        }
        if (ns == null || ns.trim().isEmpty()) {
            String fromFile = files.read(SERVICE_ACCOUNT_NAMESPACE_FILE);
            ns = fromFile == null ? null : fromFile.trim();
        }
        return ns == null || ns.isEmpty() ? "default" : ns.trim();
    }

    private Map<String, String> labels(FileReader files) {
        String list = value(Setting.WORKLOAD_LABELS);
        if (list != null) {
            Map<String, String> parsed = parseLabelList(list);
            if (parsed == null) {
                error(Setting.WORKLOAD_LABELS, "is not a list of key=value separated by commas");
                return Collections.emptyMap();
            }
            return parsed;
        }
        String file = value(Setting.WORKLOAD_LABELS_FILE);
        String text = files.read(file == null ? DEFAULT_LABELS_FILE : file);
        if (text == null) {
            if (file != null) {
                error(Setting.WORKLOAD_LABELS_FILE, "names a file that cannot be read");
            }
            return Collections.emptyMap();
        }
        Map<String, String> parsed = parseLabelsFile(text);
        if (parsed == null) {
            error(Setting.WORKLOAD_LABELS_FILE, "is not a downward-API labels file (key=\"value\" per line)");
            return Collections.emptyMap();
        }
        return parsed;
    }

    private Duration duration(Setting s) {
        Duration d = parseDuration(value(s));
        if (d == null || d.isNegative()) {
            error(s, "is not a duration such as 500ms, 60s, 20m or 1h");
            return parseDuration(s.defaultValue());
        }
        return d;
    }

    private int integer(Setting s, int absent, int min, int max) {
        String v = value(s);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        error(s, "is not a whole number from " + min + " to " + max);
        return s.defaultValue() == null ? absent : Integer.parseInt(s.defaultValue());
    }

    private static boolean isUnknownLogLevel(String level) {
        switch (level.toLowerCase(Locale.ROOT)) {
            case "debug": case "info": case "warn": case "error": case "off": return false;
            default: return true;
        }
    }

    private void error(Setting s, String problem) {
        errors.add(s.environment() + "='" + raw.get(s) + "' " + problem);
    }

    /** The value in force: the first source that sets it, else the default (may be null). */
    public String value(Setting s) {
        String v = raw.get(s);
        return v != null ? v : s.defaultValue();
    }

    /** Malformed settings, one line each; non-empty means the agent fails closed. */
    public List<String> errors() { return Collections.unmodifiableList(errors); }

    public Path policyPath() { return policyPath; }

    /** True when {@link Setting#POLICY_PATH} was given: then a missing path fails closed instead of being ignored. */
    public boolean policyPathExplicit() { return policyPathExplicit; }

    public Workload workload() { return workload; }

    public String rootNamespace() { return rootNamespace; }

    public Mode mode() { return mode; }

    public Duration reloadInterval() { return reloadInterval; }

    public Duration clockSkew() { return clockSkew; }

    public Duration jwksRefresh() { return jwksRefresh; }

    /** Extra CA certificates for jwksUri, or null. */
    public Path jwksCaFile() { return jwksCaFile; }

    public int trustedProxies() { return trustedProxies; }

    /** The external authorizer URL for CUSTOM policies, or null. */
    public String extAuthzUrl() { return extAuthzUrl; }

    public Duration extAuthzTimeout() { return extAuthzTimeout; }

    /** How long after start-up to warn that no supported server was seen. */
    public Duration serverWait() { return serverWait; }

    /** The metrics port (0: any free port), or -1 when metrics are off. */
    public int metricsPort() { return metricsPort; }

}
