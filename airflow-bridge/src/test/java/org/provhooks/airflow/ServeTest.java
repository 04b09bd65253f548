package org.provhooks.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.ProvQueries;
import org.provhooks.testkit.SecretCorpus;
import org.provhooks.testkit.YProvStandIn;

/** {@code serve} end to end: the Python callback module and OpenLineage events over real HTTP. */
class ServeTest {
    private static final String TOKEN = "bridge-secret";

    @TempDir
    Path dir;

    WireMockServer airflow;
    BridgeServer server;
    EventAggregator events;
    final Map<String, Document> written = new ConcurrentHashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (airflow != null) {
            airflow.stop();
        }
    }

    private void start(AirflowConnection af) throws Exception {
        events = new EventAggregator(
                af,
                af == null ? null : new RunCollector(af),
                (dag, run, fill) -> written.put(dag + "/" + run, RecordedRuns.record(dir, dag, run, fill)),
                m -> System.err.println("serve: " + m),
                ServeReliabilityTest.FAST);
        server = BridgeServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN, events);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the shipped Python module with a fake Airflow context; returns what it printed. */
    private String python(String script, String bridgeUrl) throws Exception {
        Path py = dir.resolve("drive.py");
        Files.writeString(py, script);
        ProcessBuilder pb = new ProcessBuilder(
                        "python3",
                        py.toString(),
                        Path.of("python").toAbsolutePath().toString())
                .redirectErrorStream(true);
        pb.environment().put("PROVHOOKS_BRIDGE_URL", bridgeUrl);
        pb.environment().put("PROVHOOKS_BRIDGE_TOKEN", TOKEN);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }

    private static final String DRIVER = """
            import sys, types, datetime
            sys.path.insert(0, sys.argv[1])
            import provhooks_airflow as p
            utc = datetime.timezone.utc
            def ti(task, state, start, end, docs):
                return types.SimpleNamespace(dag_id="etl", run_id="RUN", task_id=task, map_index=-1, try_number=1, state=state,
                    start_date=datetime.datetime(2025, 1, 1, 10, start, tzinfo=utc), end_date=datetime.datetime(2025, 1, 1, 10, end, tzinfo=utc),
                    hostname="worker-1", xcom_pull=lambda task_ids=None, key=None: docs)
            class PythonOperator: pass
            run = types.SimpleNamespace(dag_id="etl", run_id="RUN", state="success", run_type="manual", conf={},
                start_date=datetime.datetime(2025, 1, 1, 10, 0, tzinfo=utc), end_date=datetime.datetime(2025, 1, 1, 11, 0, tzinfo=utc))
            a = p.task_callback({"ti": ti("extract", "success", 0, 5, DOCS), "task": PythonOperator(), "dag_run": run, "outlets": ["s3://lake/x"]})
            b = p.task_callback({"ti": ti("train", "failed", 6, 9, []), "task": PythonOperator(), "dag_run": run, "exception": ValueError("bad data")})
            c = p.dag_callback({"dag_run": run})
            print(a, b, c)
            """;

    @Test
    void callbacksFromThePythonModuleBuildTheRunFromEventsAlone() throws Exception {
        start(null);
        Path ml = mlDocument();
        String out = python(
                DRIVER.replace("RUN", "manual__1").replace("DOCS", "['" + ml + "']"),
                "http://127.0.0.1:" + server.port());
        assertEquals("True True True", out);
        events.drain(20);
        Document d = written.get("etl/manual__1");
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord extract = byLabel(d, "extract");
        ProvRecord train = byLabel(d, "train");
        assertEquals("failed", train.attributes().first(Vocab.STATUS).lexical());
        assertEquals("bad data", train.attributes().first(Vocab.ph("error")).lexical());
        assertEquals(
                "PythonOperator",
                extract.attributes().first(Vocab.ph("operator")).lexical());
        ProvRecord mlRun = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of(extract.id()),
                d.records(RecordKind.WAS_INFORMED_BY).stream()
                        .filter(r -> r.ref(Formal.INFORMED).equals(mlRun.id()))
                        .map(r -> r.ref(Formal.INFORMANT))
                        .toList(),
                "ML run linked to its task");
    }

    @Test
    void withPushTheReportedMlRunDocumentGoesToYProvWithTheWorkflowDocument() throws Exception {
        YProvStandIn yprov = YProvStandIn.start();
        try {
            airflow = AirflowFixtures.start("success");
            AirflowConnection af = AirflowConnection.open("http://localhost:" + airflow.port(), "admin", "secret");
            DocumentOptions options = new DocumentOptions();
            options.out = dir.resolve("pushed");
            options.push = true;
            Files.writeString(dir.resolve("empty.properties"), "");
            Map<String, String> env = Map.of(
                    "PROVHOOKS_YPROV_URL",
                    yprov.url(),
                    "PROVHOOKS_YPROV_USER",
                    YProvStandIn.USER,
                    "PROVHOOKS_YPROV_PASSWORD",
                    YProvStandIn.PASSWORD,
                    "PROVHOOKS_OUTBOX",
                    dir.resolve("outbox").toString(),
                    "PROVHOOKS_CONFIG",
                    dir.resolve("empty.properties").toString());
            StringWriter lines = new StringWriter();
            PrintWriter pw = new PrintWriter(lines, true);
            events = new EventAggregator(af, options.collector(af), options.sessions(env, pw, pw), m -> {});
            server = BridgeServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN, events);
            Path ml = mlDocument();
            python(
                    DRIVER.replace("RUN", AirflowFixtures.RUN).replace("DOCS", "['" + ml + "']"),
                    "http://127.0.0.1:" + server.port());
            events.drain(30);
            assertTrue(lines.toString().contains("yProv: sent 2, pending 0, failed 0"), lines.toString());
            assertEquals(2, yprov.uploadedIds().size());
            Document d = RecordedRuns.read(dir.resolve("pushed"));
            assertEquals(1, ProvQueries.atLevel(d, Vocab.LEVEL_WORKFLOW).size(), "exactly one workflow-level activity");
            assertTrue(
                    yprov.uploadedIds().contains(ProvQueries.mlRunDocumentRef(d)),
                    "the referenced ML run document was pushed");
        } finally {
            yprov.close();
        }
    }

    @Test
    void watchAndServeAcceptEveryOptionCollectHas() {
        for (String command : List.of("collect", "watch", "serve")) {
            StringWriter out = new StringWriter();
            AirflowBridgeCli.run(
                    new String[] {command, "--help"}, new PrintWriter(out, true), new PrintWriter(out, true), Map.of());
            for (String option :
                    List.of("--redact", "--xcom-values", "--estimate-energy", "--outputs", "--push", "--out")) {
                assertTrue(out.toString().contains(option), command + " lacks " + option + ":\n" + out);
            }
        }
    }

    @Test
    void theRunsEndTriggersACollectThroughTheRestApiWithTheReportedMlDocument() throws Exception {
        airflow = AirflowFixtures.start("success");
        start(AirflowConnection.open("http://localhost:" + airflow.port(), "admin", "secret"));
        Path ml = mlDocument();
        python(
                DRIVER.replace("RUN", AirflowFixtures.RUN).replace("DOCS", "['" + ml + "']"),
                "http://127.0.0.1:" + server.port());
        // The end arriving twice is collected once.
        post(
                "/callbacks",
                "{\"event\": \"dag_success\", \"dag_id\": \"etl\", \"run_id\": \"" + AirflowFixtures.RUN + "\"}",
                TOKEN);
        events.drain(30);
        Document d = written.get("etl/" + AirflowFixtures.RUN);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals(
                1 + AirflowFixtures.MAPPED + 2,
                d.records(RecordKind.ACTIVITY).stream()
                        .filter(a -> "1".equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                        .count(),
                "the REST API's view of the run");
        ProvRecord extract = byLabel(d, "extract");
        assertTrue(d.records(RecordKind.WAS_INFORMED_BY).stream()
                .anyMatch(r -> r.ref(Formal.INFORMANT).equals(extract.id())
                        && d.element(r.ref(Formal.INFORMED))
                                .attributes()
                                .get(Prov.TYPE)
                                .contains(Literal.qualifiedName(Vocab.ML_RUN))));
        airflow.verify(1, WireMock.getRequestedFor(urlPathEqualTo(AirflowFixtures.BASE)));
    }

    @Test
    void openLineageEventsFromTheProviderBuildTheRun() throws Exception {
        start(null);
        String dagRun =
                "{\"airflowDagRun\": {\"_producer\": \"https://github.com/apache/airflow\", \"_schemaURL\": \"https://x/y.json\","
                        + " \"dagRun\": {\"dag_id\": \"sales\", \"run_id\": \"scheduled__2025-02-01T00:00:00+00:00\"}}}";
        String dagRunId = "01950000-0000-7000-8000-000000000001";
        String taskRunId = "01950000-0000-7000-8000-000000000002";
        String parent =
                "\"parent\": {\"_producer\": \"p\", \"_schemaURL\": \"https://x/p.json\", \"job\": {\"namespace\": \"default\", \"name\": \"sales\"},"
                        + " \"run\": {\"runId\": \"" + dagRunId + "\"}}";
        String[] bodies = {
            event("START", "sales", dagRunId, "2025-02-01T00:00:01Z", dagRun, "", ""),
            event("START", "sales.load_orders", taskRunId, "2025-02-01T00:00:02Z", "{" + parent + "}", "", ""),
            event(
                    "COMPLETE",
                    "sales.load_orders",
                    taskRunId,
                    "2025-02-01T00:00:09Z",
                    "{" + parent + "}",
                    "[{\"namespace\": \"postgres://db:5432\", \"name\": \"shop.orders\"}]",
                    "[{\"namespace\": \"s3://lake\", \"name\": \"orders.parquet\"}]"),
            event("COMPLETE", "sales", dagRunId, "2025-02-01T00:00:10Z", dagRun, "", ""),
        };
        for (String b : bodies) {
            HttpResponse<String> r = post("/api/v1/lineage", b, TOKEN);
            assertEquals(202, r.statusCode(), r.body());
        }
        events.drain(20);
        Document d = written.get("sales/scheduled__2025-02-01T00:00:00+00:00");
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord load = byLabel(d, "load_orders");
        assertEquals("success", load.attributes().first(Vocab.STATUS).lexical());
        assertTrue(d.records(RecordKind.ENTITY).stream()
                .anyMatch(e -> "postgres://db:5432/shop.orders"
                        .equals(String.valueOf(e.attributes().first(Prov.LOCATION)))));
        assertTrue(d.records(RecordKind.WAS_GENERATED_BY).stream()
                .anyMatch(g -> g.ref(Formal.ACTIVITY).equals(load.id())
                        && "s3://lake/orders.parquet"
                                .equals(String.valueOf(d.element(g.ref(Formal.ENTITY))
                                        .attributes()
                                        .first(Prov.LOCATION)))));
    }

    @Test
    void secretsInOpenLineageEventsAndMalformedBodiesLeaveNoTrace() throws Exception {
        start(null);
        String dagRunId = "01950000-0000-7000-8000-000000000011";
        String taskRunId = "01950000-0000-7000-8000-000000000012";
        String parent = "{\"parent\": {\"_producer\": \"p\", \"_schemaURL\": \"https://x/p.json\","
                + " \"job\": {\"namespace\": \"default\", \"name\": \"vault\"}, \"run\": {\"runId\": \"" + dagRunId
                + "\"}}, \"connection\": {\"_producer\": \"p\", \"_schemaURL\": \"https://x/c.json\","
                + " \"password\": \"JsonPw-3390\"}}";
        String[] bodies = {
            event("START", "vault", dagRunId, "2025-02-01T00:00:01Z", "{}", "", ""),
            event(
                    "COMPLETE",
                    "vault.copy",
                    taskRunId,
                    "2025-02-01T00:00:09Z",
                    parent,
                    "[{\"namespace\": \"postgres://alice:UrlPw-7f3k2@db.example.org:5432\", \"name\": \"shop.orders\"}]",
                    ""),
            event("COMPLETE", "vault", dagRunId, "2025-02-01T00:00:10Z", "{}", "", ""),
        };
        for (String b : bodies) {
            assertEquals(202, post("/api/v1/lineage", b, TOKEN).statusCode());
        }
        HttpResponse<String> bad =
                post("/callbacks", "{\"event\": \"task_success\", \"password\": \"JsonPw-3390\" ,,", TOKEN);
        HttpResponse<String> badOl = post("/api/v1/lineage", "{\"eventType\": JsonPw-3390}", TOKEN);
        events.drain(20);
        assertEquals(400, bad.statusCode());
        assertEquals(List.of(), SecretCorpus.leaks(List.of(dir), bad.body(), badOl.body()));
        Document d = written.get("vault/" + dagRunId);
        assertTrue(
                d.records(RecordKind.ENTITY).stream()
                        .anyMatch(e -> String.valueOf(e.attributes().first(Prov.LOCATION))
                                .contains("alice:[REDACTED]@db.example.org:5432/shop.orders")),
                "the dataset is recorded, its password masked");
    }

    private static String event(
            String type, String job, String runId, String time, String facets, String inputs, String outputs) {
        return "{\"eventType\": \"" + type + "\", \"eventTime\": \"" + time
                + "\", \"producer\": \"https://github.com/apache/airflow/tree/providers-openlineage/2.1.0\","
                + " \"schemaURL\": \"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                + " \"run\": {\"runId\": \"" + runId + "\", \"facets\": " + facets + "},"
                + " \"job\": {\"namespace\": \"default\", \"name\": \"" + job + "\"}"
                + (inputs.isEmpty() ? "" : ", \"inputs\": " + inputs)
                + (outputs.isEmpty() ? "" : ", \"outputs\": " + outputs) + "}";
    }

    @Test
    void malformedBodiesAndWrongTokensGetAClearAnswer() throws Exception {
        start(null);
        HttpResponse<String> bad = post("/callbacks", "{\"event\": \"task_success\", ", TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("malformed JSON"), bad.body());
        HttpResponse<String> missing = post("/callbacks", "{\"event\": \"task_success\", \"dag_id\": \"etl\"}", TOKEN);
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("needs 'run_id'"), missing.body());
        HttpResponse<String> notOl = post("/api/v1/lineage", "{\"eventType\": \"START\"}", TOKEN);
        assertEquals(400, notOl.statusCode());
        assertTrue(notOl.body().contains("OpenLineage RunEvent"), notOl.body());
        HttpResponse<String> noToken = post("/callbacks", "{}", null);
        assertEquals(401, noToken.statusCode());
        assertTrue(noToken.body().contains("bearer token"), noToken.body());
    }

    @Test
    void thePythonCallbackNeverFailsATaskWhenTheBridgeIsDown() throws Exception {
        assertEquals(
                "False False False", python(DRIVER.replace("RUN", "r").replace("DOCS", "[]"), "http://127.0.0.1:9"));
    }

    private Path mlDocument() throws Exception {
        try (MlRun run = MlRun.start(dir.resolve("ml"), "extract", Clock.systemUTC(), Map.of())) {
            run.logMetric("rows", 100, MlRun.TRAINING, 0);
            return run.endRun();
        }
    }

    private static ProvRecord byLabel(Document d, String label) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> label.equals(String.valueOf(a.attributes().first(Prov.LABEL))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no activity " + label));
    }
}
