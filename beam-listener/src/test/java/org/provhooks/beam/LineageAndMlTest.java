package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provhooks.beam.TestPipelines.attr;
import static org.provhooks.beam.TestPipelines.part;
import static org.provhooks.beam.TestPipelines.refs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Gauge;
import org.apache.beam.sdk.metrics.Lineage;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.StringSet;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.yprov.YProvStoreStandIn;
import org.provhooks.testkit.ProvQueries;
import org.provhooks.testkit.YProvStandIn;

/** Lineage reported by user code, and a step that trains and writes a yProv4ML run document. */
class LineageAndMlTest {
    @TempDir
    Path dir;

    /** Reads "a table" and reports it as a lineage source, as connectors with lineage do; also a gauge and a string set. */
    static class ReadTableFn extends DoFn<Integer, Integer> {
        private final Gauge rows = Metrics.gauge("table", "rows");
        private final StringSet columns = Metrics.stringSet("table", "columns");

        @ProcessElement
        public void process(@Element Integer x, OutputReceiver<Integer> out) {
            Lineage.getSources().add("bigquery", List.of("proj", "ds", "table"));
            rows.set(42);
            columns.add("id");
            columns.add("label");
            out.output(x);
        }
    }

    /** "Trains" on its input and writes a run document with the core writer, then reports it. */
    static class TrainFn extends DoFn<Integer, String> {
        private final String provDir;

        TrainFn(String provDir) {
            this.provDir = provDir;
        }

        @ProcessElement
        public void process(@Element Integer epochs, OutputReceiver<String> out) throws Exception {
            try (MlRun run = MlRun.start(Path.of(provDir), "beamtrain", Clock.systemUTC(), Map.of())) {
                run.logParam("epochs", epochs);
                for (int e = 0; e < epochs; e++) {
                    run.logMetric("loss", 1.0 / (e + 1), MlRun.TRAINING, e);
                }
                Path doc = run.endRun();
                MlRunDocuments.report(doc);
                out.output(doc.toString());
            }
        }
    }

    @Test
    void lineageSourcesAndTheStepsMlRunAreLinkedToTheirStepsAndPushedWithTheWorkflow() throws Exception {
        YProvStandIn yprov = YProvStandIn.start();
        Path config = dir.resolve("provhooks.properties");
        Files.writeString(
                config,
                "yprov.password=" + YProvStandIn.PASSWORD + "\noutbox="
                        + dir.resolve("outbox").toString().replace("\\", "/") + "\n");
        ProvenanceOptions o = TestPipelines.options(
                dir,
                "--provenancePushUrl=" + yprov.url(),
                "--provenancePushUser=" + YProvStandIn.USER,
                "--provenanceConfig=" + config);
        try {
            Pipeline p = Pipeline.create(o);
            p.apply("Epochs", Create.of(3))
                    .apply("ReadTable", ParDo.of(new ReadTableFn()))
                    .apply("Train", ParDo.of(new TrainFn(dir.resolve("ml").toString())));
            assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
            assertEquals(2, yprov.uploadedIds().size(), "the workflow document and the ML run document it links");
            assertTrue(
                    yprov.uploadedIds().contains(ProvQueries.mlRunDocumentRef(TestPipelines.document(o))),
                    "the referenced run document was pushed");
        } finally {
            yprov.close();
        }
        Document d = TestPipelines.document(o);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals(1, ProvQueries.atLevel(d, Vocab.LEVEL_WORKFLOW).size(), "exactly one workflow-level activity");

        ProvRecord read = part(d, "ReadTable", "ParMultiDo");
        ProvRecord table = d.records(RecordKind.ENTITY).stream()
                .filter(e -> "bigquery:proj.ds.table"
                        .equals(String.valueOf(e.attributes().first(Prov.LOCATION))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("lineage source missing"));
        assertEquals(List.of(read.id()), refs(d, RecordKind.USED, Formal.ENTITY, table.id(), Formal.ACTIVITY));
        assertEquals("42", attr(read, "metric.table.rows"));
        assertTrue(attr(read, "metric.table.rows.timestamp").endsWith("Z"));
        assertEquals("id, label", attr(read, "metric.table.columns"));

        ProvRecord train = part(d, "Train", "ParMultiDo");
        ProvRecord mlRun = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)))
                .findFirst()
                .orElseThrow();
        assertEquals("beamtrain", attr(mlRun, "experiment_name"));
        List<QualifiedName> informants =
                refs(d, RecordKind.WAS_INFORMED_BY, Formal.INFORMED, mlRun.id(), Formal.INFORMANT);
        assertEquals(List.of(train.id()), informants, "the run is linked to exactly its step");
        assertTrue(mlRun.id().uri().startsWith("https://provhooks.org/mlrun/"));
        assertEquals("2", mlRun.attributes().first(Vocab.LEVEL).lexical(), "the ML run is the third level");
    }

    /**
     * The same pipeline pushing to yProvStore, chosen with {@code --provenancePushApi=store}: its training step's run
     * document first, then the workflow document naming its PID and linked to it.
     */
    @Test
    void aBeamRunAndItsStepsMlRunArriveOnYProvStoreLinked() throws Exception {
        Path config = dir.resolve("store.properties");
        Files.writeString(
                config,
                "yprov.password=" + YProvStoreStandIn.PASSWORD + "\noutbox="
                        + dir.resolve("store-outbox").toString().replace("\\", "/") + "\n");
        try (YProvStoreStandIn store = YProvStoreStandIn.start(0)) {
            ProvenanceOptions o = TestPipelines.options(
                    dir,
                    "--provenancePushUrl=" + store.url(),
                    "--provenancePushApi=store",
                    "--provenancePushUser=" + YProvStoreStandIn.EMAIL,
                    "--provenanceConfig=" + config);
            Pipeline p = Pipeline.create(o);
            p.apply("Epochs", Create.of(2))
                    .apply("Train", ParDo.of(new TrainFn(dir.resolve("ml2").toString())));
            assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
            List<YProvStoreStandIn.Stored> docs = store.documents();
            assertEquals(2, docs.size(), store.requests().toString());
            assertTrue(docs.get(1)
                    .body()
                    .contains("\"provhooks:yprov_pid\":\"" + docs.get(0).pid() + "\""));
            assertEquals(Map.of(docs.get(1).pid(), List.of(docs.get(0).pid())), store.related());
            assertFalse(store.requests().contains("GET /status"), "the API was set, not asked");
            assertTrue(
                    store.metadata().get(docs.get(1).pid()).contains("\"beam\""),
                    store.metadata().toString());
        }
    }
}
