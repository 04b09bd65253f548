package org.provhooks.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * An Airflow 3 stand-in for one DAG run, built from the documented response shapes: DAG {@code etl} with
 * extract → transform (mapped, 147 instances) → load (failed once, succeeded on try 2), assets in and out.
 */
final class AirflowFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DAG = "etl";
    static final String RUN = "manual__2025-01-01T10:00:00+00:00";
    /** How the client must put the run id in a path. */
    static final String RUN_ENCODED = "manual__2025-01-01T10%3A00%3A00%2B00%3A00";

    static final String BASE = "/api/v2/dags/etl/dagRuns/" + RUN_ENCODED;
    static final int MAPPED = 147;
    /** The DAG's code as the API returns it (JSON-escaped), with a password the bridge must mask. */
    static final String DAG_SOURCE_JSON =
            "from airflow import DAG\\nDB = 'postgresql://etl:hunter2secret@db/lake'\\nwith DAG('etl') as dag: pass\\n";

    private AirflowFixtures() {}

    static WireMockServer start(String runState) {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stub(s, runState);
        s.start();
        return s;
    }

    static ObjectNode ti(String task, int mapIndex, int tryNumber, String state, int minute) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "0190" + task + mapIndex + tryNumber)
                .put("task_id", task)
                .put("dag_id", DAG)
                .put("dag_run_id", RUN)
                .put("map_index", mapIndex)
                .put("try_number", tryNumber)
                .put("max_tries", 2)
                .put("state", state)
                .put("start_date", String.format("2025-01-01T10:%02d:00.123456Z", minute))
                .put("end_date", String.format("2025-01-01T10:%02d:30+00:00", minute))
                .put("duration", 30.0)
                .put("hostname", "worker-1")
                .put("pool", "default_pool")
                .put("queue", "default")
                .put("operator", "PythonOperator")
                .put("executor", "LocalExecutor");
        return n;
    }

    private static String body(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void stub(WireMockServer s, String runState) {
        s.stubFor(get(urlPathEqualTo("/api/v2/version"))
                .willReturn(aResponse().withStatus(200).withBody("{\"version\": \"3.0.2\"}")));
        s.stubFor(post(urlPathEqualTo("/auth/token"))
                .withRequestBody(equalToJson("{\"username\": \"admin\", \"password\": \"secret\"}"))
                .willReturn(aResponse().withStatus(201).withBody("{\"access_token\": \"jwt-1\"}")));
        s.stubFor(post(urlPathEqualTo("/auth/token"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody("{\"detail\": \"Invalid credentials\"}")));
        ObjectNode run = JSON.createObjectNode();
        run.put("dag_run_id", RUN)
                .put("dag_id", DAG)
                .put("logical_date", "2025-01-01T10:00:00Z")
                .put("run_after", "2025-01-01T10:00:00Z")
                .put("queued_at", "2025-01-01T09:59:59.5Z")
                .put("start_date", "2025-01-01T10:00:00Z")
                .put("end_date", "2025-01-01T11:00:00Z")
                .put("duration", 3600)
                .put("run_type", "manual")
                .put("state", runState)
                .put("triggered_by", "ui")
                .put("triggering_user_name", "alice")
                .put("some_future_field", "ignored");
        run.putObject("conf").put("rows", 1000).put("api_key", "do-not-record");
        s.stubFor(get(urlPathEqualTo(BASE))
                .withHeader("Authorization", equalTo("Bearer jwt-1"))
                .willReturn(aResponse().withStatus(200).withBody(body(run))));
        ArrayNode all = JSON.createArrayNode();
        all.add(ti("extract", -1, 1, "success", 0));
        for (int i = 0; i < MAPPED; i++) {
            all.add(ti("transform", i, 1, "success", 10));
        }
        all.add(ti("load", -1, 2, "success", 40));
        for (int offset = 0; offset < all.size(); offset += 100) {
            ObjectNode page = JSON.createObjectNode();
            ArrayNode items = page.putArray("task_instances");
            for (int i = offset; i < Math.min(all.size(), offset + 100); i++) {
                items.add(all.get(i));
            }
            page.put("total_entries", all.size());
            s.stubFor(get(urlPathEqualTo(BASE + "/taskInstances"))
                    .withQueryParam("offset", equalTo(String.valueOf(offset)))
                    .withQueryParam("limit", equalTo("100"))
                    .withHeader("Authorization", equalTo("Bearer jwt-1"))
                    .willReturn(aResponse().withStatus(200).withBody(body(page))));
        }
        ObjectNode tries = JSON.createObjectNode();
        tries.putArray("task_instances").add(ti("load", -1, 1, "failed", 30)).add(ti("load", -1, 2, "success", 40));
        tries.put("total_entries", 2);
        s.stubFor(get(urlPathEqualTo(BASE + "/taskInstances/load/tries"))
                .willReturn(aResponse().withStatus(200).withBody(body(tries))));
        s.stubFor(get(urlPathMatching(BASE.replace("+", "\\+") + "/taskInstances/[^/]+/xcomEntries"))
                .willReturn(aResponse().withStatus(200).withBody("{\"xcom_entries\": [], \"total_entries\": 0}")));
        s.stubFor(get(urlPathEqualTo(BASE + "/taskInstances/extract/xcomEntries"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"xcom_entries\": [{\"key\": \"return_value\", \"map_index\": -1},"
                                + " {\"key\": \"row_count\", \"map_index\": -1}], \"total_entries\": 2}")));
        s.stubFor(get(urlPathEqualTo("/api/v2/dags/etl"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"dag_id\": \"etl\", \"fileloc\": \"/opt/airflow/dags/etl.py\"}")));
        s.stubFor(get(urlPathEqualTo("/api/v2/dagSources/etl"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"dag_id\": \"etl\", \"version_number\": 3, \"content\": \"" + DAG_SOURCE_JSON
                                + "\"}")));
        s.stubFor(get(urlPathEqualTo("/api/v2/dags/etl/tasks"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"tasks\": [{\"task_id\": \"extract\", \"downstream_task_ids\": [\"transform\"]},"
                                + " {\"task_id\": \"transform\", \"downstream_task_ids\": [\"load\"], \"is_mapped\": true},"
                                + " {\"task_id\": \"load\", \"downstream_task_ids\": []}], \"total_entries\": 3}")));
        s.stubFor(get(urlPathEqualTo("/api/v2/assets/events"))
                .withQueryParam("source_run_id", equalTo(RUN))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"asset_events\": [{\"id\": 7, \"asset_id\": 3, \"uri\": "
                                + "\"s3://lake/out.parquet\", \"name\": \"out\", \"source_dag_id\": \"etl\", \"source_task_id\": \"load\","
                                + " \"source_run_id\": \"" + RUN
                                + "\", \"source_map_index\": -1, \"timestamp\": \"2025-01-01T10:41:00Z\"}],"
                                + " \"total_entries\": 1}")));
        s.stubFor(get(urlPathEqualTo(BASE + "/upstreamAssetEvents"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(
                                "{\"asset_events\": [{\"id\": 5, \"uri\": \"s3://lake/in.csv\", \"name\": \"raw\", \"timestamp\": \"2025-01-01T09:00:00Z\"}],"
                                        + " \"total_entries\": 1}")));
    }
}
