package org.provhooks.core.session;

import java.io.IOException;
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

    @Override
    public String emit(FinishedRun run) throws IOException {
        Delivery d = new FileSink(run.outputDir()).submit(run.workflowDocument());
        if (d.status() != Delivery.Status.WRITTEN) {
            throw new IOException(d.message());
        }
        return "wrote " + d.path();
    }
}
