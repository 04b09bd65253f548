package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.provhooks.core.validate.Problem;
import org.provhooks.core.validate.Validator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks validate FILE…}: one line per problem; exit 1 when any file has a problem. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check PROV-JSON files against the W3C PROV-JSON rules; prints one line per problem.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "PROV-JSON files to check")
    List<Path> files;

    @Option(
            names = "--max-size",
            paramLabel = "MIB",
            defaultValue = "512",
            description = "refuse files larger than this many MiB (default: ${DEFAULT-VALUE})")
    long maxSizeMib;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int bad = 0;
        for (Path f : files) {
            List<Problem> problems = Validator.validate(f, maxSizeMib * 1024 * 1024);
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println("ok     " + f);
            } else {
                bad++;
                for (Problem p : problems) {
                    spec.commandLine().getErr().println(p.format());
                }
                spec.commandLine()
                        .getOut()
                        .println("FAILED " + f + " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                                + ")");
            }
        }
        if (files.size() > 1) {
            spec.commandLine().getOut().println((files.size() - bad) + " valid, " + bad + " invalid");
        }
        return bad == 0 ? 0 : 1;
    }
}
