package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.RunDocumentRecognizer;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.yprov.YProvStoreStandIn;
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.ProvQueries;
import org.provhooks.testkit.YProvStandIn;

/** A real run pushing to a yProv stand-in over HTTP: the workflow document and the task's ML run document. */
class NextflowPushIT {
    @TempDir
    Path dir;

    /** A task that writes a model and its yProv4ML run document; a second that only echoes. */
    private String pipeline() throws Exception {
        String ml = Files.readString(
                        Path.of(getClass().getResource("/ml-run.json").toURI()))
                .replace("\n", " ");
        return """
                process TRAIN {
                  output: path 'model.txt'
                  script:
                  \"\"\"
                  echo w > model.txt
                  echo 'ML' > prov_train_GR0_0.json
                  \"\"\"
                }
                process REPORT {
                  input: path m
                  output: stdout
                  script: "wc -c ${m}"
                }
                workflow { REPORT(TRAIN()) }
                """.replace("ML", ml);
    }

    @Test
    void workflowAndMlRunDocumentsArePushedAsSeparateDocuments() throws Exception {
        YProvStandIn yprov = YProvStandIn.start();
        try {
            NextflowRun.prepare(
                    dir,
                    pipeline(),
                    "provhooks { push { url = '" + yprov.url() + "'; user = '" + YProvStandIn.USER
                            + "'; waitSeconds = 20 } }");
            NextflowRun.Result r = NextflowRun.launch(dir, Map.of("PROVHOOKS_YPROV_PASSWORD", YProvStandIn.PASSWORD));
            assertEquals(0, r.exitCode(), r.console());
            assertTrue(r.console().contains("yProv: sent 2, pending 0, failed 0"), r.console());
            List<String> ids = yprov.uploadedIds();
            assertEquals(2, ids.size());
            Document wf = null;
            Document run = null;
            for (String body : yprov.uploadedBodies()) {
                Document d = ProvJsonReader.readString(body);
                if (RunDocumentRecognizer.recognize(d).isPresent()
                        && d.records().count() < 10) {
                    run = d;
                } else {
                    wf = d;
                }
            }
            assertTrue(wf != null && run != null, "one workflow and one run document");
            assertEquals(
                    1, ProvQueries.atLevel(wf, Vocab.LEVEL_WORKFLOW).size(), "exactly one workflow-level activity");
            ProvRecord mlRun = ProvQueries.atLevel(wf, Vocab.LEVEL_ML_RUN).get(0);
            assertTrue(mlRun.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)));
            String ref = ProvQueries.mlRunDocumentRef(wf);
            assertTrue(ids.contains(ref), "the referenced run document was pushed: " + ref);
            String runName = r.document("provenance").getFileName().toString().replace(".prov.json", "");
            assertTrue(ids.stream().anyMatch(id -> id.startsWith(runName.replace('_', '-'))), ids.toString());
            assertTrue(Files.list(dir.resolve(".outbox/pending")).findAny().isEmpty(), "the outbox is empty");
        } finally {
            yprov.close();
        }
    }

    /**
     * yProvStore, found by asking the server: the run document first, then the workflow document naming its PID and
     * linked to it, both described. {@code -resume} pushes the next version of the workflow document; the cached
     * task's run document is the same run and is not uploaded again.
     */
    @Test
    void aRunAndItsResumeArriveOnYProvStoreLinkedAndVersioned() throws Exception {
        try (YProvStoreStandIn store = YProvStoreStandIn.start(0)) {
            NextflowRun.prepare(
                    dir,
                    pipeline(),
                    "provhooks { push { url = '" + store.url() + "'; user = '" + YProvStoreStandIn.EMAIL
                            + "'; waitSeconds = 20 } }");
            Map<String, String> env = Map.of("PROVHOOKS_YPROV_PASSWORD", YProvStoreStandIn.PASSWORD);
            NextflowRun.Result first = NextflowRun.launch(dir, env);
            assertEquals(0, first.exitCode(), first.console());
            List<YProvStoreStandIn.Stored> docs = store.documents();
            assertEquals(2, docs.size(), store.requests().toString());
            YProvStoreStandIn.Stored run = docs.get(0);
            YProvStoreStandIn.Stored wf = docs.get(1);
            assertTrue(RunDocumentRecognizer.recognize(ProvJsonReader.readString(run.body()))
                    .isPresent());
            Document uploaded = ProvJsonReader.readString(wf.body());
            assertEquals(List.of(), org.provhooks.core.validate.Validator.validate(uploaded));
            assertEquals(1, ProvQueries.atLevel(uploaded, Vocab.LEVEL_WORKFLOW).size());
            assertTrue(wf.body().contains("\"provhooks:yprov_pid\":\"" + run.pid() + "\""), "names the run's PID");
            assertEquals(Map.of(wf.pid(), List.of(run.pid())), store.related());
            assertTrue(
                    store.metadata().get(wf.pid()).contains("\"nextflow\""),
                    store.metadata().toString());
            assertTrue(
                    first.console()
                            .contains("yProvStore: sent 2, pending 0, failed 0; workflow document at pid " + wf.pid()
                                    + " (version 1)"),
                    first.console());

            NextflowRun.Result resumed = NextflowRun.launch(dir, env, "-resume");
            assertEquals(0, resumed.exitCode(), resumed.console());
            docs = store.documents();
            assertEquals(3, docs.size(), "only the workflow document's new version: " + store.requests());
            YProvStoreStandIn.Stored next = docs.get(2);
            assertEquals(wf.pid(), next.parent());
            assertEquals(2, next.version());
            assertEquals(List.of(run.pid()), store.related().get(next.pid()));
            assertTrue(resumed.console().contains("(version 2)"), resumed.console());
        }
    }
}
