package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.provhooks.beam.TestPipelines.attr;
import static org.provhooks.beam.TestPipelines.part;
import static org.provhooks.beam.TestPipelines.workflow;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;

/** The same word count on Spark local[2], chosen by --provenanceDelegate=SparkRunner. */
class SparkRunnerTest {
    @TempDir
    Path dir;

    @Test
    void wordCountOnSparkLocal() throws Exception {
        ProvenanceOptions o = TestPipelines.options(dir, "--provenanceDelegate=SparkRunner", "--sparkMaster=local[2]");
        PipelineResult r = TestPipelines.wordCount(o, TestPipelines.input(dir), dir.resolve("out/counts")).run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
        Document d = TestPipelines.document(o);
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord wf = workflow(d);
        assertEquals("SparkRunner", attr(wf, "delegate_runner"));
        assertEquals(String.valueOf(TestPipelines.WORDS), attr(part(d, "CountWords", "ParMultiDo"), "metric.wordcount.words"));
        assertFalse(d.records(RecordKind.ENTITY).stream()
                .filter(e -> String.valueOf(e.attributes().first(Prov.LOCATION)).contains(dir.resolve("out/counts").toString())).toList().isEmpty());
    }
}
