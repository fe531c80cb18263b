package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.log.Logger;
import dev.meshguard.metrics.Metrics;
import dev.meshguard.policy.ClaimToHeader;
import dev.meshguard.policy.JwtHeader;
import dev.meshguard.policy.JwtRule;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.RequestAuthentication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Istio's {@code RequestAuthentication} for one policy version: every rule of every resource that applies to the
 * workload, merged. A request without a token passes with no identity; a token is checked against the rules whose
 * locations it was found in and whose issuer it names, and any failure rejects the request (401). Several different
 * tokens in one request are refused ({@code Found multiple Jwt tokens}), as Istio leaves this undefined.
 * Immutable and thread-safe; never touches the network on a request.
 */
public final class JwtAuthenticator {
    private static final Logger LOG = Logger.get(JwtAuthenticator.class);
    private static final List<String> ALWAYS_SPACE_DELIMITED = Arrays.asList("scope", "permission");
    private static final JwtAuthenticator NONE = new JwtAuthenticator(
            Collections.<TokenLocation, List<CompiledRule>>emptyMap(), Collections.<String>emptyList(), 0, Metrics.NO_OP);

    private final TokenLocation[] locations;
    private final List<CompiledRule>[] rulesAt;
    private final List<String> outputHeaders;
    private final long skewSeconds;
    private final Metrics metrics;
    private final TokenCache cache = new TokenCache();

    @SuppressWarnings("unchecked")
    private JwtAuthenticator(Map<TokenLocation, List<CompiledRule>> byLocation, List<String> outputHeaders,
                             long skewSeconds, Metrics metrics) {
        this.metrics = metrics;
        this.locations = byLocation.keySet().toArray(new TokenLocation[0]);
        this.rulesAt = byLocation.values().toArray(new List[0]);
        this.outputHeaders = Collections.unmodifiableList(outputHeaders);
        this.skewSeconds = skewSeconds;
    }

    /** No rules: every request passes with no identity. */
    public static JwtAuthenticator none() { return NONE; }

    /**
     * Compiles the rules of {@code scoped} (already selected for this workload). Remote key sets are fetched now if
     * they never were, each bounded by its rule's {@code timeout}; a failed fetch is not an error here (those tokens
     * get {@code Jwks remote fetch is failed}). An inline JWKS that is not acceptable is an error.
     */
    public static JwtAuthenticator compile(List<RequestAuthentication> scoped, JwksFetcher fetcher, Duration clockSkew)
            throws PolicyException {
        Map<TokenLocation, List<CompiledRule>> byLocation = new LinkedHashMap<>();
        Set<String> outputs = new LinkedHashSet<>();
        List<KeySource> remotes = new ArrayList<>();
        for (RequestAuthentication ra : scoped) {
            for (int i = 0; i < ra.jwtRules().size(); i++) {
                JwtRule rule = ra.jwtRules().get(i);
                CompiledRule compiled = compileRule(ra, i, rule, fetcher);
                if (compiled.remote() != null) {
                    remotes.add(compiled.remote());
                }
                for (TokenLocation location : locations(rule)) {
                    List<CompiledRule> list = byLocation.get(location);
                    if (list == null) {
                        list = new ArrayList<>();
                        byLocation.put(location, list);
                    }
                    list.add(compiled);
                }
                if (rule.outputPayloadToHeader() != null) {
                    outputs.add(rule.outputPayloadToHeader());
                }
                for (ClaimToHeader c : rule.outputClaimToHeaders()) {
                    outputs.add(c.header());
                }
            }
        }
        fetcher.retain(remotes);
        return byLocation.isEmpty() ? NONE
                : new JwtAuthenticator(byLocation, new ArrayList<>(outputs), clockSkew.getSeconds(), fetcher.metrics());
    }

    private static CompiledRule compileRule(RequestAuthentication ra, int index, JwtRule rule, JwksFetcher fetcher)
            throws PolicyException {
        List<String> spaceDelimited = new ArrayList<>(ALWAYS_SPACE_DELIMITED);
        spaceDelimited.addAll(rule.spaceDelimitedClaims());
        if (rule.jwks() != null) {
            try {
                return new CompiledRule(rule, KeySet.parse(rule.jwks()), null, null, spaceDelimited);
            } catch (KeySetException e) {
                if (e.unsupportedByThisJvm()) {
                    LOG.error("{} jwtRules[{}] (issuer {}) cannot be used on this JVM: {}; its tokens are refused",
                            ra, index, rule.issuer(), e.getMessage());
                    return new CompiledRule(rule, null, null, e.getMessage(), spaceDelimited);
                }
                throw PolicyException.at(ra, "spec.jwtRules[" + index + "].jwks", e.getMessage());
            }
        }
        KeySource remote = rule.jwksUri() != null
                ? fetcher.forUri(rule.jwksUri(), rule.timeout())
                : fetcher.forIssuer(rule.issuer(), rule.timeout());
        return new CompiledRule(rule, null, remote, null, spaceDelimited);
    }

    private static List<TokenLocation> locations(JwtRule rule) {
        if (rule.usesDefaultLocations()) {
            return Arrays.asList(TokenLocation.DEFAULT_HEADER, TokenLocation.DEFAULT_PARAM);
        }
        List<TokenLocation> out = new ArrayList<>();
        for (JwtHeader h : rule.fromHeaders()) {
            out.add(new TokenLocation(TokenLocation.Kind.HEADER, h.name(), h.prefix()));
        }
        for (String p : rule.fromParams()) {
            out.add(new TokenLocation(TokenLocation.Kind.PARAM, p, ""));
        }
        for (String c : rule.fromCookies()) {
            out.add(new TokenLocation(TokenLocation.Kind.COOKIE, c, ""));
        }
        return out;
    }

    /** Authenticates one request; never throws, never blocks. */
    public AuthResult authenticate(RequestView request) {
        if (locations.length == 0) {
            return AuthResult.noRules();
        }
        if (isCorsPreflight(request)) {
            return outputHeaders.isEmpty() ? AuthResult.corsPreflight()
                    : AuthResult.corsPreflight(new HeaderMutation(outputHeaders, Collections.<String, String>emptyMap()));
        }
        List<String> tokens = new ArrayList<>(2);
        boolean[] foundAt = new boolean[locations.length];
        boolean any = false;
        for (int i = 0; i < locations.length; i++) {
            int before = tokens.size();
            locations[i].extract(request, tokens);
            foundAt[i] = tokens.size() > before;
            any |= foundAt[i];
        }
        if (!any) {
            return AuthResult.noToken(outputHeaders.isEmpty() ? HeaderMutation.none()
                    : new HeaderMutation(outputHeaders, Collections.<String, String>emptyMap()));
        }
        String token = tokens.get(0);
        for (String other : tokens) {
            if (!other.equals(token)) {
                return AuthResult.rejected(JwtStatus.MULTIPLE_TOKENS);
            }
        }
        long now = System.currentTimeMillis() / 1000;
        try {
            TokenCache.Entry hit = cache.get(token);
            boolean usable = hit != null && listensWhereFound(hit.rule, foundAt) && hit.keys == hit.rule.currentKeys();
            metrics.tokenCache(usable, request.localPort());
            if (usable) {
                hit.claims.checkTime(now, skewSeconds);
                TokenCache.Outcome last = hit.last;
                if (last != null && java.util.Arrays.equals(last.foundAt, foundAt)) {
                    return last.result;
                }
                AuthResult result = success(hit.rule, hit.claims, hit.identity, token, foundAt);
                hit.last = new TokenCache.Outcome(foundAt, result);
                return result;
            }
            List<CompiledRule> candidates = new ArrayList<>(2);
            for (int i = 0; i < locations.length; i++) {
                if (foundAt[i]) {
                    for (CompiledRule r : rulesAt[i]) {
                        if (!candidates.contains(r)) {
                            candidates.add(r);
                        }
                    }
                }
            }
            return verify(token, candidates, now, foundAt);
        } catch (JwtFailure f) {
            return AuthResult.rejected(f.status());
        }
    }

    /**
     * Istio's {@code bypass_cors_preflight}: {@code OPTIONS} with a non-empty {@code Origin} and
     * {@code Access-Control-Request-Method} skips authentication (the preflight carries no credentials).
     */
    static boolean isCorsPreflight(RequestView request) {
        return "OPTIONS".equals(request.method()) && nonEmpty(request.headers("Origin"))
                && nonEmpty(request.headers("Access-Control-Request-Method"));
    }

    private static boolean nonEmpty(List<String> values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code rule} listens at one of the locations the token was found in. */
    private boolean listensWhereFound(CompiledRule rule, boolean[] foundAt) {
        for (int i = 0; i < locations.length; i++) {
            if (foundAt[i] && rulesAt[i].contains(rule)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Verifies {@code token} against the rules listening where it was found: those naming its issuer first, then
     * those naming none (Envoy's lookup: an issuer-less provider accepts any issuer its keys verify). Checks run in
     * Envoy's order: format, issuer, time, audience, key, signature; the first rule's failure is the answer.
     */
    private AuthResult verify(String token, List<CompiledRule> candidates, long now, boolean[] foundAt)
            throws JwtFailure {
        Jws jws = Jws.parse(token);
        Claims claims = jws.claims;
        JwtFailure first = null;
        for (int pass = 0; pass < 2; pass++) {
            for (CompiledRule rule : candidates) {
                boolean named = rule.rule.issuer() != null;
                if (pass == 0 ? !named || !rule.rule.issuer().equals(claims.issuer) : named) {
                    continue;
                }
                try {
                    return accept(rule, jws, token, now, foundAt);
                } catch (JwtFailure f) {
                    if (first == null) {
                        first = f;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
        throw new JwtFailure(JwtStatus.UNKNOWN_ISSUER);
    }

    private AuthResult accept(CompiledRule rule, Jws jws, String token, long now, boolean[] foundAt) throws JwtFailure {
        Claims claims = jws.claims;
        claims.checkTime(now, skewSeconds);
        if (!claims.audienceAllowed(rule.rule.audiences())) {
            throw new JwtFailure(JwtStatus.AUDIENCE_NOT_ALLOWED);
        }
        KeySet keys = rule.keys();
        try {
            SignatureVerifier.verify(jws, keys);
        } catch (JwtFailure f) {
            if (f.status() == JwtStatus.KID_ALG_MISMATCH && rule.remote() != null) {
                rule.remote().requestRefetch(System.currentTimeMillis());
            }
            throw f;
        }
        JwtIdentity identity = new JwtIdentity(claims.issuer, claims.subject, claims.audiences,
                claims.presenter, claims.asMap(), rule.spaceDelimitedClaims);
        TokenCache.Entry entry = new TokenCache.Entry(rule, keys, claims, identity);
        AuthResult result = success(rule, claims, identity, token, foundAt);
        entry.last = new TokenCache.Outcome(foundAt, result);
        cache.put(token, entry);
        return result;
    }

    private AuthResult success(CompiledRule rule, Claims claims, JwtIdentity identity, String token, boolean[] foundAt) {
        List<String> remove = new ArrayList<>(outputHeaders);
        if (!rule.rule.forwardOriginalToken()) {
            for (int i = 0; i < locations.length; i++) {
                if (foundAt[i] && locations[i].kind == TokenLocation.Kind.HEADER) {
                    remove.add(locations[i].name);
                }
            }
        }
        Map<String, String> set = new LinkedHashMap<>();
        if (rule.rule.outputPayloadToHeader() != null) {
            int dot1 = token.indexOf('.');
            set.put(rule.rule.outputPayloadToHeader(), token.substring(dot1 + 1, token.indexOf('.', dot1 + 1)));
        }
        for (ClaimToHeader c : rule.rule.outputClaimToHeaders()) {
            String value = claimText(claims.payload, c.claim());
            if (value != null) {
                set.put(c.header(), value);
            }
        }
        return AuthResult.authenticated(identity, new HeaderMutation(remove, set));
    }

    /** A string, integer or boolean claim (nested with {@code .}) as header text; null for other types or absence. */
    static String claimText(JsonNode payload, String path) {
        JsonNode n = payload.get(path);
        if (n == null) {
            n = payload;
            for (String part : path.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
        }
        if (n == null) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber() || n.isBoolean()) {
            return n.asText();
        }
        return null;
    }
}
