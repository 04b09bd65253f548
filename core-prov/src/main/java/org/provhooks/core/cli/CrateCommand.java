package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.provhooks.core.crate.RunCrate;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks crate RUN.prov.json [--out DIR]}: the run as a Workflow Run RO-Crate. */
@Command(
        name = "crate",
        mixinStandardHelpOptions = true,
        description =
                "Write a workflow run's PROV-JSON document as a Workflow Run RO-Crate (Provenance Run Crate 0.5).")
final class CrateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "a workflow document written by ProvHooks")
    Path file;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "the crate directory (default: <document name>-crate beside the document)")
    Path out;

    @Option(
            names = "--zip",
            paramLabel = "FILE",
            description = "also pack the crate into this zip file (entries relative to the crate's root)")
    Path zip;

    @Option(
            names = "--license",
            paramLabel = "URL",
            defaultValue = RunCrate.DEFAULT_LICENSE,
            description = "the crate's license (default: ${DEFAULT-VALUE})")
    String license;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            ProvJsonReader.checkReadable(file, ProvJsonReader.DEFAULT_MAX_BYTES);
        } catch (ProvFormatException e) {
            throw new ProvFormatException(file + ": " + e.getMessage());
        }
        Path dir = out != null
                ? out
                : file.toAbsolutePath()
                        .resolveSibling(
                                file.getFileName().toString().replaceFirst("(\\.prov)?\\.json$", "") + "-crate");
        RunCrate.write(file, dir, license);
        spec.commandLine().getOut().println("wrote " + dir.resolve(RunCrate.METADATA));
        if (zip != null) {
            spec.commandLine().getOut().println("wrote " + RunCrate.zip(dir, zip));
        }
        return 0;
    }
}
