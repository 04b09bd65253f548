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
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.ProvQueries;
import org.provhooks.testkit.YProvStandIn;

/** A real run pushing to a yProv stand-in over HTTP: the workflow document and the task's ML run document. */
class NextflowPushIT {
    @TempDir
    Path dir;

    @Test
    void workflowAndMlRunDocumentsArePushedAsSeparateDocuments() throws Exception {
        YProvStandIn yprov = YProvStandIn.start();
        try {
            String ml = Files.readString(
                            Path.of(getClass().getResource("/ml-run.json").toURI()))
                    .replace("\n", " ");
            NextflowRun.prepare(
                    dir,
                    """
                    process TRAIN {
                      output: path 'model.txt'
                      script:
                      \"\"\"
                      echo w > model.txt
                      echo 'ML' > prov_train_GR0_0.json
                      \"\"\"
                    }
                    workflow { TRAIN() }
                    """.replace("ML", ml),
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
}
