package org.provhooks.core.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.provhooks.core.redact.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code provhooks} command line.
 *
 * <pre>
 * provhooks validate run.prov.json          # one line per problem, exit 1 if any
 * provhooks summary run.prov.json           # record counts and the workflow → task → ML run tree
 * provhooks convert --to provn run.prov.json
 * provhooks demo --out provenance/          # a sample multi-level run, no server needed
 * </pre>
 */
@Command(
        name = "provhooks",
        mixinStandardHelpOptions = true,
        versionProvider = ProvHooksCli.Version.class,
        description =
                "W3C PROV provenance for workflow systems: validate, summarise, convert and demo PROV-JSON documents.",
        subcommands = {
            ValidateCommand.class,
            CrateCommand.class,
            DiffCommand.class,
            ReportCommand.class,
            SummaryCommand.class,
            ConvertCommand.class,
            DemoCommand.class,
            PushCommand.class,
            LoginCommand.class,
            RerunCommand.class,
            ImportMlflowCommand.class
        })
public final class ProvHooksCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment the commands read ({@code PROVHOOKS_*}); the process environment unless embedded. */
    private final Map<String, String> env;

    private ProvHooksCli(Map<String, String> env) {
        this.env = env;
    }

    Map<String, String> env() {
        return env;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)} with an explicit environment. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cl = new CommandLine(new ProvHooksCli(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // One line that says what is wrong; the stack trace only on request.
            cmd.getErr().println("provhooks " + cmd.getCommandName() + ": " + oneLine(ex));
            if (System.getenv("PROVHOOKS_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(
                    "provhooks: out of memory; the input is too large for this JVM's heap (raise it with JAVA_OPTS=-Xmx…)");
            return 1;
        }
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return Redactor.redactValue(m.replace('\n', ' '));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ProvHooksCli.class.getPackage().getImplementationVersion();
            return new String[] {"provhooks " + (v == null ? "(development build)" : v)};
        }
    }
}
