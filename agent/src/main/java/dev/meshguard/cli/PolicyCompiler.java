package dev.meshguard.cli;

import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.jwt.KeySet;
import dev.meshguard.jwt.KeySetException;
import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.JwtRule;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.policy.RequestAuthentication;

import java.util.Collections;

/**
 * The load-time checks the running agent applies after parsing, without network: every AuthorizationPolicy compiled
 * (patterns, addresses, ports, condition keys) and every inline JWKS parsed. Remote key sets are not fetched.
 */
final class PolicyCompiler {
    private static final AuthzOptions OFFLINE = new AuthzOptions(0, true);

    private PolicyCompiler() {
    }

    static PolicySet validate(PolicySet set) throws PolicyException {
        for (AuthorizationPolicy p : set.authorizationPolicies()) {
            Authorizer.compile(Collections.singletonList(p), OFFLINE);
        }
        for (RequestAuthentication ra : set.requestAuthentications()) {
            for (int i = 0; i < ra.jwtRules().size(); i++) {
                JwtRule rule = ra.jwtRules().get(i);
                if (rule.jwks() != null) {
                    try {
                        KeySet.parse(rule.jwks());
                    } catch (KeySetException e) {
                        throw PolicyException.at(ra, "spec.jwtRules[" + i + "].jwks", e.getMessage());
                    }
                }
            }
        }
        return set;
    }
}
