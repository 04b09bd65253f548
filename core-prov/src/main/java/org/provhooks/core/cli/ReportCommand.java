package org.provhooks.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.provhooks.core.report.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks report DOC… [-o report.html]}: one HTML page over one or more runs. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML report over workflow documents (files, or directories holding"
                + " *.prov.json): runs, task graph, timeline, tasks, telemetry, ML runs and the trade-off view.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DOC", arity = "1..*", description = "workflow documents or directories")
    List<Path> inputs;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            defaultValue = "report.html",
            description = "the HTML file (default: ${DEFAULT-VALUE})")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> docs = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".prov.json"))
                            .filter(f -> !f.toString().contains("-crate/")
                                    && !f.toString().contains("/work/"))
                            .sorted()
                            .forEach(docs::add);
                }
            } else if (Files.isRegularFile(p)) {
                docs.add(p);
            } else {
                throw new java.nio.file.NoSuchFileException(p + ": no such file or directory");
            }
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("no *.prov.json workflow documents in " + inputs);
        }
        Path html = RunReport.write(docs, out);
        spec.commandLine()
                .getOut()
                .println("wrote " + html.toAbsolutePath() + " (" + docs.size() + (docs.size() == 1 ? " run" : " runs")
                        + "); open it in a browser");
        return 0;
    }
}
