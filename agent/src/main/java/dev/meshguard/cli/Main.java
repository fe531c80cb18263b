package dev.meshguard.cli;

import dev.meshguard.config.Setting;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar meshguard-agent.jar <validate|check|attach|settings> ...}: the command-line tools. */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: java -jar meshguard-agent.jar <command> ...",
            "  validate <path> [--namespace ns] [--labels a=b,c=d] [--root-namespace ns]",
            "      check a policy file or directory as the agent would load it; exit 0 clean, 1 warnings, 2 errors",
            "  check <path> --request 'GET /path' [--header 'Name: value']... [--namespace ns] [--labels a=b,c=d] [--source-ip ip]",
            "      decide one request with the agent's engine and say why; exit 0 allowed, 1 refused, 2 error",
            "  attach <pid> [agent arguments]",
            "      load the agent into a running JVM",
            "  settings",
            "      list every setting: environment variable, system property, agent argument, default");

    private Main() {
    }

    /** Runs a command; returns the process exit status. Called through reflection by the jar's entry point. */
    public static int run(String[] argv, String agentJar) {
        return run(argv, agentJar, System.out, System.err);
    }

    static int run(String[] argv, String agentJar, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.println(USAGE);
            return 2;
        }
        Arguments args = new Arguments(Arrays.copyOfRange(argv, 1, argv.length));
        try {
            switch (argv[0]) {
                case "validate": return ValidateCommand.run(args, out, err);
                case "check": return CheckCommand.run(args, out, err);
                case "attach": return AttachCommand.run(args, agentJar, out, err);
                case "settings": return settings(args, out);
                default:
                    err.println("unknown command '" + argv[0] + "'\n" + USAGE);
                    return 2;
            }
        } catch (Arguments.UsageException e) {
            err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (Exception e) {
            err.println("error: " + e);
            return 2;
        }
    }

    private static int settings(Arguments args, PrintStream out) {
        args.requireConsumed();
        for (Setting s : Setting.values()) {
            out.println(s.environment() + "  (-D" + s.property() + ", agent argument " + s.argument() + ")");
            out.println("    " + s.description()
                    + (s.defaultValue() == null ? "" : "; default " + s.defaultValue()));
        }
        return 0;
    }
}
