package org.provhooks.core.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.provhooks.core.report.RunReport;
import org.provhooks.core.sink.ProvDocument;

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
        Path doc = wf.file() != null ? wf.file() : run.outputDir().resolve(wf.fileName());
        if (!Files.isRegularFile(doc)) {
            // no prov output in this run: the report reads a copy it keeps beside itself
            doc = run.outputDir().resolve(wf.stem() + ".report-source.prov.json");
            wf.saveTo(doc);
        }
        Path html = RunReport.write(List.of(doc), run.outputDir().resolve(wf.stem() + ".html"));
        return "report " + html;
    }
}
