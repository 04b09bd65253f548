package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same word count on an embedded Flink mini-cluster, chosen by --provenanceDelegate=FlinkRunner. */
class FlinkRunnerTest {
    @TempDir
    Path dir;

    @Test
    void wordCountOnEmbeddedFlink() throws Exception {
        ProvenanceOptions o = TestPipelines.options(
                dir, "--provenanceDelegate=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1");
        PipelineResult r = TestPipelines.wordCount(o, TestPipelines.input(dir), dir.resolve("out/counts"))
                .run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
        // Flink reports attempted metrics only; they still land on the step.
        TestPipelines.assertWordCount(TestPipelines.document(o), "FlinkRunner", dir.resolve("out/counts"));
    }
}
