package dev.meshguard.jwt;

import dev.meshguard.policy.JwtRule;

import java.util.List;

/** One {@code jwtRules[]} entry ready to verify tokens: its keys (inline, or a live remote source) or why it has none. */
final class CompiledRule {
    final JwtRule rule;
    private final KeySet inline;
    private final KeySource remote;
    private final String loadError;
    final List<String> spaceDelimitedClaims;

    CompiledRule(JwtRule rule, KeySet inline, KeySource remote, String loadError,
                 List<String> spaceDelimitedClaims) {
        this.rule = rule;
        this.inline = inline;
        this.remote = remote;
        this.loadError = loadError;
        this.spaceDelimitedClaims = spaceDelimitedClaims;
    }

    /** The keys in force now; fails when the rule has none. */
    KeySet keys() throws JwtFailure {
        if (loadError != null) {
            throw new JwtFailure(JwtStatus.NO_VALID_KEYS);
        }
        if (inline != null) {
            return inline;
        }
        KeySet k = remote.current();
        if (k == null) {
            throw new JwtFailure(JwtStatus.FETCH_FAILED);
        }
        return k;
    }

    /** The keys in force now, or null; never fails (for cache validation). */
    KeySet currentKeys() {
        return inline != null ? inline : remote != null ? remote.current() : null;
    }

    KeySource remote() { return remote; }
}
