package org.provhooks.core.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.provhooks.core.report.RunReport;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.util.AtomicFiles;

/**
 * The {@code report} output: the run as one HTML page ({@code <document name>.html} beside the document), opened from
 * disk with no network (see {@link RunReport}).
 *
 * <!-- given: FinishedRun run -->
 * <pre>{@code
 * String done = new ReportOutput().emit(run);   // "report /home/me/provenance/happy_turing.html"
 * }</pre>
 */
public final class ReportOutput implements RunOutput {
    @Override
    public String name() {
        return Outputs.REPORT;
    }

    @Override
    public String emit(FinishedRun run) throws IOException {
        ProvDocument wf = run.workflowDocument();
        String stem = wf.fileName().replaceFirst("(\\.prov)?\\.json$", "");
        Path doc = run.outputDir().resolve(wf.fileName());
        if (wf.file() != null) {
            doc = wf.file();
        } else if (!Files.isRegularFile(doc)) {
            // no prov output in this run: the report reads a copy it keeps beside itself
            doc = run.outputDir().resolve(stem + ".report-source.prov.json");
            AtomicFiles.write(doc, (OutputStream out) -> wf.body().writeTo(out, false));
        }
        Path html = RunReport.write(List.of(doc), run.outputDir().resolve(stem + ".html"));
        return "report " + html;
    }
}
