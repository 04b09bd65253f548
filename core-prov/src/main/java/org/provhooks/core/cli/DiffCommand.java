package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.provhooks.core.diff.RunDiff;
import org.provhooks.core.diff.RunView;
import org.provhooks.core.model.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks diff A B}: what differs between two runs. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "Compare two runs' workflow documents: parameters, tasks (by name), status and cached, duration"
                + " and energy beyond a threshold, output checksums, final ML metrics.")
final class DiffCommand implements Callable<Integer> {
    enum Format {
        text,
        json,
        markdown
    }

    @Parameters(index = "0", paramLabel = "A", description = "the first run's workflow document")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "the second run's workflow document")
    Path second;

    @Option(names = "--format", defaultValue = "text", description = "text (default), json or markdown")
    Format format;

    @Option(
            names = "--threshold",
            paramLabel = "PERCENT",
            defaultValue = "10",
            description = "report durations and energy that moved by more than this many percent (default: 10)")
    double thresholdPercent;

    @Option(names = "--fail-on-change", description = "exit 1 when anything differs (for CI)")
    boolean failOnChange;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** 0: the same, 1: different with {@code --fail-on-change}, 2: the runs could not be compared (one line). */
    @Override
    public Integer call() {
        try {
            return compare();
        } catch (java.io.IOException | RuntimeException e) {
            spec.commandLine().getErr().println("provhooks diff: " + ProvHooksCli.oneLine(e));
            return 2;
        }
    }

    private int compare() throws java.io.IOException {
        if (thresholdPercent < 0) {
            throw new IllegalArgumentException("--threshold must be a percentage >= 0, not " + thresholdPercent);
        }
        Document a = DocumentInput.readOrReport(spec, first);
        Document b = a == null ? null : DocumentInput.readOrReport(spec, second);
        if (a == null || b == null) {
            return 2;
        }
        RunView x = view(a, first);
        RunView y = view(b, second);
        RunDiff diff = RunDiff.of(x, y, thresholdPercent / 100);
        String f = first.toString();
        String s = second.toString();
        spec.commandLine()
                .getOut()
                .print(
                        switch (format) {
                            case json -> diff.json(f, s);
                            case markdown -> diff.markdown(f, s);
                            case text -> diff.text(f, s);
                        });
        spec.commandLine().getOut().flush();
        return failOnChange && diff.changed() ? 1 : 0;
    }

    private static RunView view(Document d, Path file) {
        try {
            return RunView.of(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }
}
