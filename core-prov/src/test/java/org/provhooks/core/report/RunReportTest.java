package org.provhooks.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.cli.CliRun;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/** The report file itself: self-contained, the documents' text inert, and the CLI around it. */
class RunReportTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path doc(String name, String taskLabel) throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", name, "wf</script><script>alert(2)</script>", T0);
        rec.task(TaskActivity.builder("1")
                .label(taskLabel)
                .status("COMPLETED")
                .start(T0)
                .end(T0.plusSeconds(1))
                .build());
        Path d = Files.createDirectories(dir.resolve("runs")).resolve(name + ".prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Completed", T0.plusSeconds(2)), d);
        return d;
    }

    @Test
    void theReportNeedsNoNetworkAndCarriesTheDocumentsTextAsInertData() throws Exception {
        Path html = RunReport.write(List.of(doc("r1", ReportBrowserTest.HOSTILE)), dir.resolve("r.html"));
        String page = Files.readString(html);
        assertTrue(!page.contains("<script src") && !page.contains("<link "), "nothing is loaded from elsewhere");
        assertTrue(page.contains("echarts") && page.length() > 1_000_000, "ECharts is inlined");
        // Markup in a label or a workflow name cannot end the data block or make an element.
        assertTrue(!page.contains("<img src=x") && !page.contains("</script><script>alert(2)"), "labels are escaped");
        assertTrue(
                page.contains("\\u003Cimg src=x onerror=alert(1)\\u003E")
                        || page.contains("\\u003cimg src=x onerror=alert(1)\\u003e"),
                "and still there, as data");
        assertEquals(1, page.split("id=\"provhooks-data\"", -1).length - 1);
    }

    @Test
    void theCommandTakesFilesOrDirectoriesAndSaysWhatIsWrongInOneLine() throws Exception {
        doc("r1", "A");
        doc("r2", "B");
        CliRun ok = CliRun.of(
                "report",
                dir.resolve("runs").toString(),
                "-o",
                dir.resolve("all.html").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("(2 runs); open it in a browser"), ok.out());
        assertTrue(Files.size(dir.resolve("all.html")) > 1_000_000);
        CliRun missing = CliRun.of(
                "report",
                dir.resolve("nope.prov.json").toString(),
                "-o",
                dir.resolve("x.html").toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().trim().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.prov.json"), missing.err());
        CliRun notWorkflow = CliRun.of(
                "report", Files.writeString(dir.resolve("ml.json"), "{}").toString());
        assertEquals(1, notWorkflow.code());
        assertTrue(notWorkflow.err().contains("not a ProvHooks workflow document"), notWorkflow.err());
    }

    @Test
    void theReportOutputWritesThePageBesideTheDocument() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        org.provhooks.core.session.RunSettings settings = org.provhooks.core.session.RunSettings.builder(dir)
                .outputs(List.of("prov", "report"))
                .telemetry(false)
                .resolve(Map.of(), warnings::add);
        String summary;
        try (org.provhooks.core.session.RunSession s = org.provhooks.core.session.RunSession.open(
                org.provhooks.core.session.RunStart.of("Apache Beam", "job-1", "job", T0),
                settings,
                Map.of(),
                warnings::add)) {
            s.recorder()
                    .task(TaskActivity.builder("Read")
                            .label("Read")
                            .status("DONE")
                            .start(T0)
                            .end(T0.plusSeconds(1))
                            .build());
            summary = s.finish("DONE", T0.plusSeconds(2));
        }
        assertEquals(List.of(), warnings);
        Path html = dir.resolve("job-1.html");
        assertTrue(summary.contains("report " + html), summary);
        assertTrue(Files.readString(html).contains("\"name\":\"Read\""));
    }
}
