package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.provhooks.core.config.ConfigFile;
import org.provhooks.core.crate.CrateOptions;
import org.provhooks.core.crate.RunCrate;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.util.Sizes;
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
            description = "the crate's license (default: " + CrateOptions.ENV_LICENSE + ", crate.license in the config"
                    + " file, else " + CrateOptions.DEFAULT_LICENSE + ")")
    String license;

    @Option(
            names = "--max-file-size",
            paramLabel = "SIZE",
            description = "copy outputs and metric files up to this size each into the crate, e.g. '10 MB' (default:"
                    + " " + CrateOptions.ENV_MAX_FILE_SIZE + ", crate.maxFileSize, else 10 MB; 0: reference them all)")
    String maxFileSize;

    @Option(
            names = "--max-total-size",
            paramLabel = "SIZE",
            description = "copy at most this much of outputs and metric files into the crate (default: "
                    + CrateOptions.ENV_MAX_TOTAL_SIZE + ", crate.maxTotalSize, else 100 MB)")
    String maxTotalSize;

    @CommandLine.ParentCommand
    ProvHooksCli parent;

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
                        .resolveSibling(ProvDocument.stem(file.getFileName().toString()) + "-crate");
        for (String size : new String[] {maxFileSize, maxTotalSize}) {
            if (size != null) {
                Sizes.parse(size); // a bad size on the command line is an error, not a warning
            }
        }
        CrateOptions options = CrateOptions.resolve(
                license,
                maxFileSize,
                maxTotalSize,
                parent.env(),
                ConfigFile.load(parent.env()),
                w -> spec.commandLine().getErr().println("provhooks crate: " + w));
        RunCrate.write(file, dir, options);
        spec.commandLine().getOut().println("wrote " + dir.resolve(RunCrate.METADATA));
        if (zip != null) {
            spec.commandLine().getOut().println("wrote " + RunCrate.zip(dir, zip));
        }
        return 0;
    }
}
