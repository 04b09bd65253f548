package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provhooks.beam.TestPipelines.activity;
import static org.provhooks.beam.TestPipelines.attr;
import static org.provhooks.beam.TestPipelines.part;
import static org.provhooks.beam.TestPipelines.refs;
import static org.provhooks.beam.TestPipelines.workflow;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** The same word count on an embedded Flink mini-cluster, chosen by --provenanceDelegate=FlinkRunner. */
class FlinkRunnerTest {
    @TempDir
    Path dir;

    @Test
    void wordCountOnEmbeddedFlink() throws Exception {
        ProvenanceOptions o = TestPipelines.options(dir, "--provenanceDelegate=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1");
        PipelineResult r = TestPipelines.wordCount(o, TestPipelines.input(dir), dir.resolve("out/counts")).run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
        Document d = TestPipelines.document(o);
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord wf = workflow(d);
        assertEquals("FlinkRunner", attr(wf, "delegate_runner"));
        assertEquals("DONE", wf.attributes().first(Vocab.STATUS).lexical());
        // Flink reports attempted metrics only; they still land on the step.
        assertEquals(String.valueOf(TestPipelines.WORDS), attr(part(d, "CountWords", "ParMultiDo"), "metric.wordcount.words"));
        List<ProvRecord> shards = d.records(RecordKind.ENTITY).stream()
                .filter(e -> String.valueOf(e.attributes().first(Prov.LOCATION)).contains(dir.resolve("out/counts").toString())).toList();
        assertFalse(shards.isEmpty());
        assertTrue(refs(d, RecordKind.WAS_GENERATED_BY, Formal.ENTITY, shards.get(0).id(), Formal.ACTIVITY)
                .contains(activity(d, "WriteCounts").id()));
    }
}
