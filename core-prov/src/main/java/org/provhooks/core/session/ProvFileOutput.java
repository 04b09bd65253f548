package org.provhooks.core.session;

import java.io.IOException;
import java.nio.file.Path;
import org.provhooks.core.sink.Delivery;
import org.provhooks.core.sink.FileSink;

/**
 * The default output, {@code prov}: the workflow document as a PROV-JSON file in the output directory, written
 * atomically (a reader never sees half a document).
 *
 * <!-- given: FinishedRun run -->
 * <pre>{@code
 * String done = new ProvFileOutput().emit(run);   // "wrote /home/me/provenance/happy_turing.prov.json"
 * }</pre>
 */
public final class ProvFileOutput implements RunOutput {
    @Override
    public String name() {
        return Outputs.PROV;
    }

    /**
     * Where the document goes when the output directory cannot take it (read-only, a file in its place, a full
     * disk): the system's temporary directory, so what was captured is not lost.
     */
    static Path fallbackDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "provhooks-unwritten");
    }

    @Override
    public String emit(FinishedRun run) throws IOException {
        Delivery d = new FileSink(run.outputDir()).submit(run.workflowDocument());
        if (d.status() == Delivery.Status.WRITTEN) {
            return "wrote " + d.path();
        }
        Delivery fallback = new FileSink(fallbackDirectory()).submit(run.workflowDocument());
        if (fallback.status() != Delivery.Status.WRITTEN) {
            throw new IOException(d.message());
        }
        return "could not write to " + run.outputDir() + " (" + d.message() + "); wrote " + fallback.path()
                + " instead";
    }
}
