package org.provhooks.core.mlflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.cli.CliRun;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MetricFiles;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.ml.MlRunLinker;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/**
 * {@code provhooks import-mlflow} against WireMock answering with MLflow's documented REST shapes (API 2.0): runs found
 * over two search pages, a metric history over two pages, a failed run, a deleted run, nested artifacts.
 */
class MlflowImportTest {
    private static final String API = "/api/2.0/mlflow/";

    @TempDir
    Path dir;

    WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wm.start();
        stub(
                get(urlPathEqualTo(API + "experiments/get-by-name"))
                        .withQueryParam("experiment_name", equalTo("churn model")),
                "{\"experiment\":{\"experiment_id\":\"7\",\"name\":\"churn model\",\"artifact_location\":\"s3://ml/7\","
                        + "\"lifecycle_stage\":\"active\"}}");
        wm.stubFor(get(urlPathEqualTo(API + "experiments/get-by-name"))
                .withQueryParam("experiment_name", equalTo("nope"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withBody("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Could not find experiment"
                                + " with name 'nope'\"}")));
        stub(
                post(urlPathEqualTo(API + "runs/search"))
                        .withRequestBody(containing("\"experiment_ids\":[\"7\"]"))
                        .withRequestBody(containing("\"run_view_type\":\"ALL\""))
                        .withRequestBody(notContaining("page_token")),
                "{\"runs\":[" + run("r1", "brave-fox", "FINISHED", "active") + ","
                        + run("r2", "sad-owl", "FAILED", "active") + "],\"next_page_token\":\"p2\"}");
        stub(
                post(urlPathEqualTo(API + "runs/search")).withRequestBody(containing("\"page_token\":\"p2\"")),
                "{\"runs\":[" + run("r3", "gone", "FINISHED", "deleted") + "]}");
        // r1's loss over two pages, its val_accuracy in one; r2 has one point.
        stub(
                history("r1", "loss", null),
                "{\"metrics\":[" + point("loss", 0.9, 0) + "," + point("loss", 0.7, 1)
                        + "],\"next_page_token\":\"h2\"}");
        stub(history("r1", "loss", "h2"), "{\"metrics\":[" + point("loss", 0.5, 2) + "]}");
        stub(history("r1", "val_accuracy", null), "{\"metrics\":[" + point("val_accuracy", 0.8, 2) + "]}");
        stub(history("r2", "loss", null), "{\"metrics\":[" + point("loss", 2.5, 0) + "]}");
        stub(history("r2", "val_accuracy", null), "{\"metrics\":[]}");
        stub(
                artifacts("r1", null),
                "{\"root_uri\":\"s3://ml/7/r1/artifacts\",\"files\":[{\"path\":\"model\",\"is_dir\":true},"
                        + "{\"path\":\"confusion.png\",\"is_dir\":false,\"file_size\":2048}]}");
        stub(
                artifacts("r1", "model"),
                "{\"files\":[{\"path\":\"model/model.pkl\",\"is_dir\":false,\"file_size\":99}]}");
        stub(artifacts("r2", null), "{\"files\":[]}");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private void stub(com.github.tomakehurst.wiremock.client.MappingBuilder m, String body) {
        wm.stubFor(m.willReturn(aResponse().withStatus(200).withBody(body)));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder history(String run, String key, String page) {
        return get(urlPathEqualTo(API + "metrics/get-history"))
                .withQueryParam("run_id", equalTo(run))
                .withQueryParam("metric_key", equalTo(key))
                .withQueryParam("page_token", page == null ? absent() : equalTo(page));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder artifacts(String run, String path) {
        return get(urlPathEqualTo(API + "artifacts/list"))
                .withQueryParam("run_id", equalTo(run))
                .withQueryParam("path", path == null ? absent() : equalTo(path));
    }

    private static String point(String key, double value, int step) {
        return "{\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":" + (1_700_000_000_000L + step * 1000L)
                + ",\"step\":" + step + "}";
    }

    private static String run(String id, String name, String status, String stage) {
        return "{\"info\":{\"run_id\":\"" + id + "\",\"run_uuid\":\"" + id
                + "\",\"experiment_id\":\"7\",\"run_name\":\""
                + name + "\",\"user_id\":\"ana\",\"status\":\"" + status + "\",\"start_time\":1700000000000,"
                + "\"end_time\":1700000005000,\"artifact_uri\":\"s3://ml/7/" + id
                + "/artifacts\",\"lifecycle_stage\":\""
                + stage + "\"},\"data\":{\"metrics\":[{\"key\":\"loss\",\"value\":0.5,\"timestamp\":1700000002000,"
                + "\"step\":2},{\"key\":\"val_accuracy\",\"value\":0.8,\"timestamp\":1700000002000,\"step\":2}],"
                + "\"params\":[{\"key\":\"learning_rate\",\"value\":\"0.01\"},{\"key\":\"layers/hidden\",\"value\":\"64\"}],"
                + "\"tags\":[{\"key\":\"mlflow.source.git.commit\",\"value\":\"abc123\"},{\"key\":\"team\",\"value\":\"risk\"}]}}";
    }

    private static String attr(ProvRecord r, String local) {
        var l = r.attributes().first(Vocab.ph(local));
        return l == null ? null : l.lexical();
    }

    @Test
    void everyLiveRunBecomesARunDocumentWithItsWholeHistory() throws Exception {
        Path out = dir.resolve("imported");
        CliRun r = CliRun.of(
                Map.of(),
                "import-mlflow",
                "--tracking-uri",
                wm.baseUrl(),
                "--experiment",
                "churn model",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("skipped: run r3 (gone) is deleted in MLflow"), r.out());
        assertTrue(
                r.out().contains("2 run document(s) written under " + out.toAbsolutePath() + ", 1 skipped"), r.out());

        List<Path> docs;
        try (var s = Files.walk(out)) {
            docs = s.filter(p -> p.getFileName().toString().startsWith("prov_"))
                    .sorted()
                    .toList();
        }
        assertEquals(2, docs.size(), docs.toString());
        MlRunLink first = MlRunLinker.read(docs.get(0));
        assertEquals("churn_model", first.info().experiment());
        Document d = ProvJsonReader.read(docs.get(0));
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord run = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().equals(first.info().runActivity()))
                .findFirst()
                .orElseThrow();
        assertEquals("r1", attr(run, "mlflow_run_id"));
        assertEquals("Completed", attr(run, "status"));
        assertEquals("risk", attr(run, "mlflow_tag.team"));
        assertEquals("abc123", attr(run, "mlflow_tag.mlflow.source.git.commit"));
        assertEquals("2023-11-14T22:13:20Z", String.valueOf(run.time(org.provhooks.core.model.Formal.START_TIME)));
        assertEquals("2023-11-14T22:13:25Z", String.valueOf(run.time(org.provhooks.core.model.Formal.END_TIME)));
        String text = Files.readString(docs.get(0));
        assertTrue(text.contains("\"learning_rate\"") && text.contains("\"layers_hidden\""), "parameters");
        assertTrue(text.contains("s3://ml/7/r1/artifacts/model/model.pkl"), "artifacts listed by URI, nested ones too");
        assertTrue(text.contains("s3://ml/7/r1/artifacts/confusion.png"));
        assertTrue(text.contains("\"ana\""), "MLflow's user is the run's agent");

        // The loss history from both pages, with MLflow's steps and timestamps, in yProv4ML's metric layout.
        Path runDir = docs.get(0).getParent();
        Path loss;
        try (var s = Files.walk(runDir)) {
            loss = s.filter(p -> p.getFileName().toString().startsWith("loss_Training"))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(loss);
        assertEquals(
                List.of("loss,Training,None", "0,0.9,1700000000000", "1,0.7,1700000001000", "2,0.5,1700000002000"),
                lines.stream().map(String::strip).toList());
        assertEquals(0.5, MetricFiles.lastValue(loss), 1e-9);
        assertTrue(text.contains("val_accuracy/Validation"), "val_ metrics are in the Validation context");

        Document failed = ProvJsonReader.read(docs.get(1));
        ProvRecord failedRun = failed.records(RecordKind.ACTIVITY).stream()
                .filter(a -> "r2".equals(attr(a, "mlflow_run_id")))
                .findFirst()
                .orElseThrow();
        assertEquals("Failed", attr(failedRun, "status"));
        assertEquals("FAILED", attr(failedRun, "mlflow_status"));
    }

    @Test
    void chosenRunsOnlyAndClearErrors() throws Exception {
        stub(
                get(urlPathEqualTo(API + "runs/get")).withQueryParam("run_id", equalTo("r2")),
                "{\"run\":" + run("r2", "sad-owl", "FAILED", "active") + "}");
        Path out = dir.resolve("one");
        CliRun r = CliRun.of(
                Map.of("MLFLOW_TRACKING_URI", wm.baseUrl()),
                "import-mlflow",
                "--experiment",
                "churn model",
                "--run-id",
                "r2",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 run document(s) written"), r.out());

        CliRun missing = CliRun.of(
                Map.of(),
                "import-mlflow",
                "--tracking-uri",
                wm.baseUrl(),
                "--experiment",
                "nope",
                "--out",
                out.toString());
        assertEquals(1, missing.code());
        assertEquals(
                "provhooks import-mlflow: experiment nope: MLflow answered 404 RESOURCE_DOES_NOT_EXIST (Could not find"
                        + " experiment with name 'nope')",
                missing.err().strip());

        CliRun noServer = CliRun.of(Map.of(), "import-mlflow", "--experiment", "x", "--out", out.toString());
        assertEquals(2, noServer.code());
        assertTrue(noServer.err().contains("MLFLOW_TRACKING_URI"), noServer.err());
        assertFalse(noServer.err().contains("\tat "));

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun down = CliRun.of(
                Map.of(),
                "import-mlflow",
                "--tracking-uri",
                "http://127.0.0.1:" + port,
                "--experiment",
                "x",
                "--out",
                out.toString());
        assertEquals(1, down.code());
        assertTrue(down.err().contains("cannot connect to MLflow at http://127.0.0.1:" + port), down.err());
    }
}
