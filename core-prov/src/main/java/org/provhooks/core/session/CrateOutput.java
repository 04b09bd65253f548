package org.provhooks.core.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.provhooks.core.crate.CrateOptions;
import org.provhooks.core.crate.RunCrate;
import org.provhooks.core.sink.ProvDocument;

/**
 * The {@code crate} output: the run as a Workflow Run RO-Crate in {@code <output dir>/<document name>-crate/}, holding
 * the PROV-JSON document and {@code ro-crate-metadata.json} (see {@link RunCrate}).
 *
 * <!-- given: FinishedRun run -->
 * <pre>{@code
 * String done = new CrateOutput(CrateOptions.DEFAULTS).emit(run);   // "crate /home/me/provenance/happy_turing-crate"
 * }</pre>
 */
public final class CrateOutput implements RunOutput {
    private final CrateOptions options;

    /** A crate output with this license and these size limits. */
    public CrateOutput(CrateOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return Outputs.CRATE;
    }

    @Override
    public String emit(FinishedRun run) throws IOException {
        ProvDocument wf = run.workflowDocument();
        Path dir = run.outputDir().resolve(wf.stem() + "-crate");
        Files.createDirectories(dir);
        Path prov = dir.resolve(wf.fileName());
        wf.saveTo(prov);
        RunCrate.write(prov, dir, options);
        return "crate " + dir;
    }
}
