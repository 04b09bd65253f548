package org.provhooks.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch --once} restarted around a failing collection: nothing collected twice, nothing missed. */
class WatchTest {
    @TempDir
    Path dir;

    WireMockServer airflow;

    @AfterEach
    void stop() {
        airflow.stop();
    }

    private static String path(String runId) {
        return "/api/v2/dags/nightly/dagRuns/" + runId;
    }

    private void stubRun(String runId, String end) {
        airflow.stubFor(get(urlPathEqualTo(path(runId)))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"dag_run_id\": \"" + runId
                                + "\", \"dag_id\": \"nightly\", \"state\": \"success\", \"run_type\": \"scheduled\","
                                + " \"start_date\": \"2025-01-01T09:00:00Z\", \"end_date\": \"" + end + "\"}")));
        airflow.stubFor(
                get(urlPathEqualTo(path(runId) + "/taskInstances"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"task_instances\": [{\"task_id\": \"only\", \"map_index\": -1, \"try_number\": 1, \"state\": \"success\"}], \"total_entries\": 1}")));
        airflow.stubFor(get(urlPathEqualTo(path(runId) + "/upstreamAssetEvents"))
                .willReturn(aResponse().withStatus(200).withBody("{\"asset_events\": [], \"total_entries\": 0}")));
    }

    /** Airflow's answers for DAG "nightly": three finished runs (r2 and r3 ending together), one task each. */
    private void stubDag() {
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(aResponse().withStatus(200).withBody("{\"version\": \"3.0.2\"}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v2/dags/nightly/dagRuns"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(
                                "{\"dag_runs\": [{\"dag_run_id\": \"r3\", \"dag_id\": \"nightly\", \"state\": \"success\", \"end_date\": \"2025-01-02T11:00:00Z\"},"
                                        + " {\"dag_run_id\": \"r1\", \"dag_id\": \"nightly\", \"state\": \"success\", \"end_date\": \"2025-01-02T10:00:00Z\"},"
                                        + " {\"dag_run_id\": \"r2\", \"dag_id\": \"nightly\", \"state\": \"failed\", \"end_date\": \"2025-01-02T11:00:00Z\"}],"
                                        + " \"total_entries\": 3}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v2/dags/nightly/tasks"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"tasks\": [{\"task_id\": \"only\"}], \"total_entries\": 1}")));
        airflow.stubFor(get(urlPathMatching("/api/v2/dags/nightly/dagRuns/[^/]+/taskInstances/[^/]+/xcomEntries"))
                .willReturn(aResponse().withStatus(200).withBody("{\"xcom_entries\": [], \"total_entries\": 0}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v2/assets/events"))
                .willReturn(aResponse().withStatus(200).withBody("{\"asset_events\": [], \"total_entries\": 0}")));
        stubRun("r1", "2025-01-02T10:00:00Z");
        stubRun("r2", "2025-01-02T11:00:00Z");
        stubRun("r3", "2025-01-02T11:00:00Z");
    }

    private StringWriter out;

    private int watch() {
        out = new StringWriter();
        return AirflowBridgeCli.run(
                new String[] {
                    "watch",
                    "--airflow-url",
                    "http://localhost:" + airflow.port(),
                    "--dag-id",
                    "nightly",
                    "--since",
                    "2025-01-01T00:00:00Z",
                    "--once",
                    "--out",
                    dir.toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                Map.of(AirflowBridgeCli.ENV_TOKEN, "static-jwt"));
    }

    @Test
    void tildeWatchesEveryDagAndIsSentEncoded() throws Exception {
        airflow = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        airflow.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(aResponse().withStatus(200).withBody("{\"version\": \"3.0.2\"}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v2/dags/%7E/dagRuns"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(
                                "{\"dag_runs\": [{\"dag_run_id\": \"r1\", \"dag_id\": \"nightly\", \"state\": \"success\", \"end_date\": \"2025-01-02T10:00:00Z\"}],"
                                        + " \"total_entries\": 1}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v2/dags/nightly/tasks"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"tasks\": [{\"task_id\": \"only\"}], \"total_entries\": 1}")));
        airflow.stubFor(get(urlPathMatching("/api/v2/dags/nightly/dagRuns/[^/]+/taskInstances/[^/]+/xcomEntries"))
                .willReturn(aResponse().withStatus(200).withBody("{\"xcom_entries\": [], \"total_entries\": 0}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v2/assets/events"))
                .willReturn(aResponse().withStatus(200).withBody("{\"asset_events\": [], \"total_entries\": 0}")));
        stubRun("r1", "2025-01-02T10:00:00Z");
        airflow.start();
        out = new StringWriter();
        int code = AirflowBridgeCli.run(
                new String[] {
                    "watch",
                    "--airflow-url",
                    "http://localhost:" + airflow.port(),
                    "--dag-id",
                    "~",
                    "--since",
                    "2025-01-01T00:00:00Z",
                    "--once",
                    "--out",
                    dir.toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                Map.of(AirflowBridgeCli.ENV_TOKEN, "static-jwt"));
        assertEquals(0, code);
        assertTrue(out.toString().contains("collected nightly / r1"), out.toString());
        assertEquals(List.of("nightly__r1.prov.json"), documents());
    }

    private List<String> documents() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".prov.json"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void restartsCollectNothingTwiceAndMissNothing() throws Exception {
        airflow = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stubDag();
        // r2 cannot be read at first (Airflow hiccup): the poll stops there.
        airflow.stubFor(get(urlPathEqualTo(path("r2") + "/taskInstances"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("{\"detail\": \"database is locked\"}")));
        airflow.start();

        assertEquals(0, watch());
        assertTrue(out.toString().contains("collected nightly / r1"), out.toString());
        assertTrue(out.toString().contains("could not collect nightly / r2"), out.toString());
        assertTrue(out.toString().contains("collected 1 run(s)"), out.toString());
        assertEquals(List.of("nightly__r1.prov.json"), documents());

        airflow.resetMappings();
        stubDag();
        assertEquals(0, watch());
        assertTrue(out.toString().contains("collected 2 run(s)"), out.toString());
        assertEquals(List.of("nightly__r1.prov.json", "nightly__r2.prov.json", "nightly__r3.prov.json"), documents());
        assertEquals(0, watch());
        assertTrue(out.toString().contains("collected 0 run(s)"), out.toString());
        // Over all three polls (the request journal survives resetMappings): r1 once, r2 once failed and once
        // collected, r3 once.
        airflow.verify(1, getRequestedFor(urlPathEqualTo(path("r1"))));
        airflow.verify(2, getRequestedFor(urlPathEqualTo(path("r2"))));
        airflow.verify(1, getRequestedFor(urlPathEqualTo(path("r3"))));
        String checkpoint = Files.readString(dir.resolve(".airflow-bridge/checkpoint-nightly.json"));
        assertTrue(checkpoint.contains("\"since\" : \"2025-01-02T11:00:00Z\""), checkpoint);
        assertTrue(checkpoint.contains("\"r2\"") && checkpoint.contains("\"r3\""), checkpoint);
    }
}
