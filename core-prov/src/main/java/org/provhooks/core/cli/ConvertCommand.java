package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.provhooks.core.convert.DotWriter;
import org.provhooks.core.convert.ProvNWriter;
import org.provhooks.core.model.Document;
import org.provhooks.core.util.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks convert --to provn|dot FILE [-o OUT]}. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = "Convert a PROV-JSON file to PROV-N or Graphviz DOT.")
final class ConvertCommand implements Callable<Integer> {
    enum Format {
        provn,
        dot
    }

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "provn or dot")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "write here instead of standard output")
    Path output;

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
        String text = format == Format.provn ? ProvNWriter.write(doc) : DotWriter.write(doc);
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.writeString(output, text);
            spec.commandLine().getOut().println("wrote " + output.toAbsolutePath());
        }
        return 0;
    }
}
