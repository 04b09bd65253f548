package org.provhooks.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** Airflow 2: /api/v1 detected, basic auth, datasets instead of assets, a task instance without state. */
class CollectAirflow2Test {
    @TempDir
    Path dir;

    private static final String BASIC = "Basic YWRtaW46c2VjcmV0"; // admin:secret
    private static final String BASE = "/api/v1/dags/etl/dagRuns/scheduled__2024-06-01T00%3A00%3A00%2B00%3A00";
    WireMockServer airflow;

    @AfterEach
    void stop() {
        airflow.stop();
    }

    @Test
    void collectsThroughTheV1ApiWithBasicAuthAndDatasets() throws Exception {
        airflow = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        airflow.stubFor(get(urlPathEqualTo("/api/v1/version"))
                .willReturn(aResponse().withStatus(200).withBody("{\"version\": \"2.10.4\"}")));
        airflow.stubFor(get(urlPathMatching("/api/v1/.*"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"detail\": null, \"status\": 401, \"title\": \"Unauthorized\"}")));
        airflow.stubFor(get(urlPathEqualTo(BASE))
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(
                                "{\"dag_run_id\": \"scheduled__2024-06-01T00:00:00+00:00\", \"dag_id\": \"etl\", \"execution_date\": \"2024-06-01T00:00:00+00:00\","
                                        + " \"logical_date\": \"2024-06-01T00:00:00+00:00\", \"start_date\": \"2024-06-02T00:00:01+00:00\","
                                        + " \"end_date\": \"2024-06-02T00:05:00+00:00\", \"state\": \"success\", \"run_type\": \"dataset_triggered\","
                                        + " \"external_trigger\": false, \"conf\": {}}")));
        airflow.stubFor(
                get(urlPathEqualTo(BASE + "/taskInstances"))
                        .withHeader("Authorization", equalTo(BASIC))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"task_instances\": ["
                                                        + AirflowFixtures.ti("extract", -1, 1, "success", 1)
                                                                .toString() + ","
                                                        + " {\"task_id\": \"skipped_one\", \"map_index\": -1, \"try_number\": 0, \"state\": null}], \"total_entries\": 2}")));
        airflow.stubFor(get(urlPathMatching("/api/v1/dags/etl/dagRuns/[^/]+/taskInstances/[^/]+/xcomEntries"))
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withStatus(200).withBody("{\"xcom_entries\": [], \"total_entries\": 0}")));
        airflow.stubFor(
                get(urlPathEqualTo("/api/v1/dags/etl/tasks"))
                        .withHeader("Authorization", equalTo(BASIC))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"tasks\": [{\"task_id\": \"extract\", \"downstream_task_ids\": [\"skipped_one\"]},"
                                                        + " {\"task_id\": \"skipped_one\", \"downstream_task_ids\": []}], \"total_entries\": 2}")));
        airflow.stubFor(
                get(urlPathEqualTo("/api/v1/datasets"))
                        .withQueryParam("dag_ids", equalTo("etl"))
                        .withHeader("Authorization", equalTo(BASIC))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"datasets\": [{\"id\": 3, \"uri\": \"file:///data/report.csv\", \"producing_tasks\":"
                                                        + " [{\"dag_id\": \"etl\", \"task_id\": \"extract\"}]}], \"total_entries\": 1}")));
        airflow.stubFor(
                get(urlPathEqualTo("/api/v1/datasets/events"))
                        .withHeader("Authorization", equalTo(BASIC))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"dataset_events\": [{\"dataset_uri\": \"file:///data/clean.csv\", \"source_dag_id\": \"etl\","
                                                        + " \"source_task_id\": \"extract\", \"source_map_index\": -1, \"timestamp\": \"2024-06-02T00:02:00+00:00\"}], \"total_entries\": 1}")));
        airflow.stubFor(
                get(urlPathEqualTo(BASE + "/upstreamDatasetEvents"))
                        .withHeader("Authorization", equalTo(BASIC))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"dataset_events\": [{\"dataset_uri\": \"file:///data/raw.csv\"}], \"total_entries\": 1}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dags/etl"))
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"dag_id\": \"etl\", \"fileloc\": \"/opt/airflow/dags/etl.py\", \"file_token\":"
                                + " \"Ii9vcHQvYWlyZmxvdy9kYWdzL2V0bC5weSI.tok\"}")));
        airflow.stubFor(get(urlPathEqualTo("/api/v1/dagSources/Ii9vcHQvYWlyZmxvdy9kYWdzL2V0bC5weSI.tok"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", equalTo("application/json"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"content\": \"from airflow import DAG\\nwith DAG('etl') as dag: pass\\n\"}")));
        airflow.start();

        AirflowConnection af = AirflowConnection.open("http://localhost:" + airflow.port(), "admin", "secret");
        String run = "scheduled__2024-06-01T00:00:00+00:00";
        Document d = RecordedRuns.record(dir, "etl", run, s -> new RunCollector(af).collect("etl", run, Map.of(), s));
        assertEquals(AirflowConnection.ApiVersion.V1, af.version());
        assertEquals(List.of(), Validator.validate(d));
        airflow.verify(0, postRequestedFor(urlPathEqualTo("/auth/token")));
        ProvRecord wf = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().local().equals("workflow"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "dataset_triggered", wf.attributes().first(Vocab.ph("run_type")).lexical());
        assertEquals("/api/v1", wf.attributes().first(Vocab.ph("airflow_api")).lexical());
        // The DAG's code, found by its file token, kept beside the documents.
        assertEquals(
                "/opt/airflow/dags/etl.py",
                wf.attributes().first(Vocab.ph("dag_fileloc")).lexical());
        assertEquals(
                "from airflow import DAG\nwith DAG('etl') as dag: pass\n",
                java.nio.file.Files.readString(java.nio.file.Path.of(
                        wf.attributes().first(Vocab.ph("script_file")).lexical())));
        ProvRecord extract = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> Literal.of("extract").equals(a.attributes().first(Prov.LABEL)))
                .findFirst()
                .orElseThrow();
        ProvRecord clean = d.records(RecordKind.ENTITY).stream()
                .filter(e -> "file:///data/clean.csv"
                        .equals(String.valueOf(e.attributes().first(Prov.LOCATION))))
                .findFirst()
                .orElseThrow();
        assertTrue(d.records(RecordKind.WAS_GENERATED_BY).stream()
                .anyMatch(g -> g.ref(Formal.ENTITY).equals(clean.id())
                        && g.ref(Formal.ACTIVITY).equals(extract.id())));
        assertTrue(d.records(RecordKind.ENTITY).stream()
                .anyMatch(e -> "file:///data/raw.csv"
                        .equals(String.valueOf(e.attributes().first(Prov.LOCATION)))));
        ProvRecord report = d.records(RecordKind.ENTITY).stream()
                .filter(e -> "file:///data/report.csv"
                        .equals(String.valueOf(e.attributes().first(Prov.LOCATION))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the dataset extract declares as an outlet"));
        assertTrue(d.records(RecordKind.WAS_GENERATED_BY).stream()
                .anyMatch(g -> g.ref(Formal.ENTITY).equals(report.id())
                        && g.ref(Formal.ACTIVITY).equals(extract.id())));
        ProvRecord skipped = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> Literal.of("skipped_one").equals(a.attributes().first(Prov.LABEL)))
                .findFirst()
                .orElseThrow();
        assertEquals(null, skipped.attributes().first(Vocab.STATUS), "no state in Airflow 2: none recorded");
    }
}
