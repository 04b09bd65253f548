package org.provhooks.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import picocli.CommandLine;

/** Reads the document a command works on, reporting unreadable input as one line. */
final class DocumentInput {
    private DocumentInput() {}

    /** The document, or null after printing {@code file: reason} to the command's error stream. */
    static Document readOrReport(CommandLine.Model.CommandSpec spec, Path file) throws IOException {
        try {
            return ProvJsonReader.read(file);
        } catch (ProvFormatException e) {
            spec.commandLine().getErr().println(file + ": " + e.getMessage());
            return null;
        }
    }
}
