package dev.meshguard.config;

/** {@code MESHGUARD_MODE}: what the agent does with its decisions. */
public enum Mode {
    /** Deny what the policies deny. */
    ENFORCE,
    /** Decide and log every would-be denial, never block. */
    DRY_RUN,
    /** Load nothing, instrument nothing. */
    OFF;

    /** Parses {@code enforce}, {@code dry-run} or {@code off} (case-insensitive); null when unknown. */
    public static Mode parse(String value) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "enforce": return ENFORCE;
            case "dry-run": case "dryrun": case "dry_run": return DRY_RUN;
            case "off": return OFF;
            default: return null;
        }
    }
}
