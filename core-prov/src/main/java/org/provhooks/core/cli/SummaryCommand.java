package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.provhooks.core.convert.DocumentSummary;
import org.provhooks.core.model.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code provhooks summary FILE}: record counts and the workflow → task → ML run tree. */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "Print record counts per type and the workflow -> task -> ML run tree of a PROV-JSON file.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "a PROV-JSON file")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Document doc = DocumentInput.readOrReport(spec, file);
        if (doc == null) {
            return 1;
        }
        spec.commandLine().getOut().print(file + "\n" + DocumentSummary.of(doc).render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
