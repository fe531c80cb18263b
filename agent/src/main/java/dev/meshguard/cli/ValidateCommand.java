package dev.meshguard.cli;

import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code validate <path> [--namespace ns] [--labels a=b,c=d] [--root-namespace ns]}: checks a policy file or
 * directory exactly as the agent loads it, then warns about Istio pitfalls, for the workload the namespace and labels
 * describe (without {@code --labels}, every selector is taken to match). Exit status 0 when clean, 1 with warnings, 2
 * with an error, so it can gate a CI pipeline.
 */
final class ValidateCommand {
    static final int OK = 0;
    static final int WARNINGS = 1;
    static final int ERRORS = 2;

    private ValidateCommand() {
    }

    static int run(Arguments args, PrintStream out, PrintStream err) {
        String path = args.positional(0, "<path>");
        String namespace = args.option("--namespace", null);
        String root = args.option("--root-namespace", "istio-system");
        String labelText = args.option("--labels", null);
        args.requireConsumed();
        java.util.Map<String, String> labels = labelText == null ? null : labels(labelText);
        PolicySet set;
        try {
            set = PolicyCompiler.validate(new PolicyLoader(namespace == null ? "default" : namespace).load(Paths.get(path)));
        } catch (PolicyException e) {
            err.println("error: " + e.getMessage());
            return ERRORS;
        }
        List<String> warnings = PolicyLint.warnings(set, new PolicyLint.Workload(namespace, labels, root));
        for (String w : warnings) {
            out.println("warning: " + w);
        }
        out.println(path + ": " + set.requestAuthentications().size() + " RequestAuthentication, "
                + set.authorizationPolicies().size() + " AuthorizationPolicy, " + warnings.size() + " warning(s)");
        return warnings.isEmpty() ? OK : WARNINGS;
    }

    /** {@code a=b,c=d} as a map; a part without {@code =} is a usage error. */
    static java.util.Map<String, String> labels(String text) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new Arguments.UsageException("--labels must look like 'app=reviews,version=v1'");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }
}
