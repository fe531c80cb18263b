package dev.meshguard.cli;

import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code validate <path> [--namespace ns] [--root-namespace ns]}: checks a policy file or directory exactly as the
 * agent loads it, then warns about Istio pitfalls. Exit status 0 when clean, 1 with warnings, 2 with an error,
 * so it can gate a CI pipeline.
 */
final class ValidateCommand {
    static final int OK = 0;
    static final int WARNINGS = 1;
    static final int ERRORS = 2;

    private ValidateCommand() {
    }

    static int run(Arguments args, PrintStream out, PrintStream err) {
        String path = args.positional(0, "<path>");
        String namespace = args.option("--namespace", "default");
        String root = args.option("--root-namespace", "istio-system");
        args.requireConsumed();
        PolicySet set;
        try {
            set = PolicyCompiler.validate(new PolicyLoader(namespace).load(Paths.get(path)));
        } catch (PolicyException e) {
            err.println("error: " + e.getMessage());
            return ERRORS;
        }
        List<String> warnings = PolicyLint.warnings(set, root);
        for (String w : warnings) {
            out.println("warning: " + w);
        }
        out.println(path + ": " + set.requestAuthentications().size() + " RequestAuthentication, "
                + set.authorizationPolicies().size() + " AuthorizationPolicy, " + warnings.size() + " warning(s)");
        return warnings.isEmpty() ? OK : WARNINGS;
    }
}
