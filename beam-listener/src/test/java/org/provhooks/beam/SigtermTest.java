package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** A Beam program stopped with SIGTERM mid-run exits as it would without ProvHooks and still leaves its document. */
class SigtermTest {
    @TempDir
    Path dir;

    /** Runs the slow pipeline in its own JVM, sends SIGTERM once an element is being processed; returns the exit code. */
    private int stopped(String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowPipelineMain.class.getName()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (!sent && line.startsWith("processing")) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                            .start()
                            .waitFor();
                    sent = true;
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out.toString());
        return p.exitValue();
    }

    @Test
    void sigtermMidRunLeavesTheExitAsItWasAndADocumentMarkedFailed() throws Exception {
        int plain = stopped("--runner=DirectRunner");
        Path prov = dir.resolve("provenance");
        int traced = stopped(
                "--runner=ProvenanceRunner",
                "--provenanceOutput=" + prov,
                "--provenanceTelemetry=false",
                "--jobName=stopped");
        assertEquals(plain, traced);
        Document d = ProvJsonReader.read(prov.resolve("stopped.prov.json"));
        assertEquals(List.of(), Validator.validate(d));
        var wf = TestPipelines.workflow(d);
        assertEquals("FAILED", wf.attributes().first(Vocab.STATUS).lexical());
        assertTrue(TestPipelines.attr(wf, "error_message").contains("exited before the pipeline finished"));
    }
}
