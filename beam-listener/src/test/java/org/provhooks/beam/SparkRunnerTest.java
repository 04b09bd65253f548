package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same word count on Spark local[2], chosen by --provenanceDelegate=SparkRunner. */
class SparkRunnerTest {
    @TempDir
    Path dir;

    @Test
    void wordCountOnSparkLocal() throws Exception {
        ProvenanceOptions o = TestPipelines.options(dir, "--provenanceDelegate=SparkRunner", "--sparkMaster=local[2]");
        PipelineResult r = TestPipelines.wordCount(o, TestPipelines.input(dir), dir.resolve("out/counts"))
                .run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
        TestPipelines.assertWordCount(TestPipelines.document(o), "SparkRunner", dir.resolve("out/counts"));
    }
}
