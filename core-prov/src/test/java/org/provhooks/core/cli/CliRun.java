package org.provhooks.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One {@code provhooks} command run in-process for a test, with an empty environment: its exit code and what it printed.
 *
 * <pre>{@code
 * CliRun r = CliRun.of("validate", "run.prov.json");
 * }</pre>
 */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    /** With {@code env} as the environment. */
    public static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProvHooksCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new CliRun(code, out.toString(), err.toString());
    }
}
