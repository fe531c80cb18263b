package dev.meshguard.authz;

import dev.meshguard.jwt.JwtIdentity;

/**
 * One {@code requestPrincipals} (or {@code request.auth.principal}) value as Istio 1.22 and later match it: split at
 * its last {@code /} (an issuer may be a URL), the token's {@code iss} and {@code sub} claims matched apart, and both
 * must be present. {@code *} needs a non-empty issuer and subject; {@code iss/*} that exact issuer and any non-empty
 * subject; {@code iss/prefix*} that issuer and a subject with that prefix; {@code *}/{@code sub} any non-empty issuer
 * and that subject; {@code *X/sub} an issuer ending in X; {@code *suffix} (no {@code /}) any issuer and a subject
 * ending so; {@code prefix*} (no {@code /}) an issuer starting so and any subject; a value without {@code /} or
 * {@code *} that exact issuer and an empty subject. Matching is case-sensitive. Immutable.
 */
final class PrincipalPattern {
    private final StringMatcher issuer;
    private final StringMatcher subject;

    private PrincipalPattern(StringMatcher issuer, StringMatcher subject) {
        this.issuer = issuer;
        this.subject = subject;
    }

    static PrincipalPattern of(String value) {
        int slash = value.lastIndexOf('/');
        boolean split = slash >= 0;
        String iss = split ? value.substring(0, slash) : value;
        String sub = split ? value.substring(slash + 1) : "";
        if (value.equals("*")) {
            return new PrincipalPattern(StringMatcher.nonEmpty(), StringMatcher.nonEmpty());
        }
        if (value.startsWith("*")) {
            if (!split) {
                return new PrincipalPattern(StringMatcher.nonEmpty(), StringMatcher.suffix(value.substring(1)));
            }
            return new PrincipalPattern(iss.equals("*") ? StringMatcher.nonEmpty() : StringMatcher.suffix(iss.substring(1)),
                    StringMatcher.exact(sub));
        }
        if (value.endsWith("*")) {
            if (!split) {
                return new PrincipalPattern(StringMatcher.prefix(value.substring(0, value.length() - 1)), StringMatcher.nonEmpty());
            }
            return new PrincipalPattern(StringMatcher.exact(iss),
                    sub.equals("*") ? StringMatcher.nonEmpty() : StringMatcher.prefix(sub.substring(0, sub.length() - 1)));
        }
        return new PrincipalPattern(StringMatcher.exact(iss), StringMatcher.exact(sub));
    }

    /** True when {@code identity} (null without a valid token) has both claims and they match. */
    boolean matches(JwtIdentity identity) {
        return identity != null && issuer.matches(identity.issuer()) && subject.matches(identity.subject());
    }
}
