package org.provhooks.nextflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.NextflowRun;

/** A real run pushing to a yProv stand-in over HTTP: the workflow document and the task's ML run document. */
class NextflowPushIT {
    @TempDir
    Path dir;

    @Test
    void workflowAndMlRunDocumentsArePushedAsSeparateDocuments() throws Exception {
        WireMockServer yprov =
                new WireMockServer(WireMockConfiguration.options().dynamicPort());
        yprov.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .withRequestBody(equalTo("{\"user\":\"jdoe\",\"password\":\"s3cret\"}"))
                .willReturn(aResponse().withStatus(200).withBody("{\"result\": \"tok\"}")));
        yprov.stubFor(delete(urlMatching("/api/v0/documents/.*"))
                .willReturn(aResponse().withStatus(404)));
        yprov.stubFor(put(urlMatching("/api/v0/documents/.*"))
                .withHeader("Authorization", equalTo("Bearer tok"))
                .withHeader("Content-Type", equalTo("application/json"))
                .willReturn(aResponse().withStatus(201)));
        yprov.start();
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
                    "provhooks { push { url = 'http://localhost:" + yprov.port()
                            + "'; user = 'jdoe'; waitSeconds = 20 } }");
            NextflowRun.Result r = NextflowRun.launch(dir, Map.of("PROVHOOKS_YPROV_PASSWORD", "s3cret"));
            assertEquals(0, r.exitCode(), r.console());
            assertTrue(r.console().contains("yProv: sent 2, pending 0, failed 0"), r.console());
            List<LoggedRequest> puts = yprov.findAll(putRequestedFor(urlMatching("/api/v0/documents/.*")));
            assertEquals(2, puts.size());
            Document wf = null;
            Document run = null;
            for (LoggedRequest p : puts) {
                Document d = ProvJsonReader.readString(p.getBodyAsString());
                if (RunDocumentRecognizer.recognize(d).isPresent()
                        && d.records().count() < 10) {
                    run = d;
                } else {
                    wf = d;
                }
            }
            assertTrue(wf != null && run != null, "one workflow and one run document");
            assertEquals(1, ProvDocs.atLevel(wf, "0").size(), "exactly one workflow-level activity");
            ProvRecord mlRun = ProvDocs.atLevel(wf, "2").get(0);
            assertTrue(mlRun.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)));
            String ref = wf.records(RecordKind.ENTITY).stream()
                    .filter(e -> e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT)))
                    .findFirst()
                    .orElseThrow()
                    .attributes()
                    .first(Vocab.ph("document_ref"))
                    .lexical();
            assertTrue(
                    puts.stream().anyMatch(p -> p.getUrl().equals("/api/v0/documents/" + ref)),
                    "the referenced run document was pushed: " + ref);
            String runName = r.document("provenance").getFileName().toString().replace(".prov.json", "");
            assertTrue(
                    puts.stream()
                            .anyMatch(p -> p.getUrl().startsWith("/api/v0/documents/" + runName.replace('_', '-'))),
                    puts.toString());
            assertTrue(Files.list(dir.resolve(".outbox/pending")).findAny().isEmpty(), "the outbox is empty");
        } finally {
            yprov.stop();
        }
    }
}
