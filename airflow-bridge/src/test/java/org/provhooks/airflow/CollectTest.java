package org.provhooks.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.SecretCorpus;

/** {@code airflow-bridge collect} against an Airflow 3 stand-in over real HTTP; the document is parsed and checked. */
class CollectTest {
    @TempDir
    Path dir;

    WireMockServer airflow;

    @AfterEach
    void stop() {
        if (airflow != null) {
            airflow.stop();
        }
    }

    record Run(int code, String out, String err) {}

    private Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AirflowBridgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new Run(code, out.toString(), err.toString());
    }

    private Run collect(String... extra) {
        return collect(Map.of(), extra);
    }

    /** {@code collect} of the fixture's run, with {@code moreEnv} added to the environment. */
    private Run collect(Map<String, String> moreEnv, String... extra) {
        String[] base = {
            "collect",
            "--airflow-url",
            "http://localhost:" + airflow.port(),
            "--user",
            "admin",
            "--dag-id",
            AirflowFixtures.DAG,
            "--run-id",
            AirflowFixtures.RUN,
            "--out",
            dir.resolve("prov").toString()
        };
        Map<String, String> env = new java.util.HashMap<>(moreEnv);
        env.put(AirflowBridgeCli.ENV_PASSWORD, "secret");
        env.put("PROVHOOKS_OUTBOX", dir.resolve("outbox").toString());
        return cli(env, Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new));
    }

    private Document document() throws Exception {
        try (var files = Files.list(dir.resolve("prov"))) {
            Path f = files.filter(p -> p.toString().endsWith(".prov.json"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(List.of(), Validator.validate(f));
            return ProvJsonReader.read(f);
        }
    }

    private static String attr(ProvRecord r, String local) {
        Literal l = r.attributes().first(Vocab.ph(local));
        return l == null ? null : l.lexical();
    }

    private static ProvRecord byLabel(Document d, String label) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> label.equals(String.valueOf(a.attributes().first(Prov.LABEL))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no activity " + label));
    }

    private static List<QualifiedName> informants(Document d, ProvRecord a) {
        return d.records(RecordKind.WAS_INFORMED_BY).stream()
                .filter(r -> r.ref(Formal.INFORMED).equals(a.id()))
                .map(r -> r.ref(Formal.INFORMANT))
                .toList();
    }

    @Test
    void collectsAPaginatedMappedRetriedRunWithAssetsAndRedactedConf() throws Exception {
        airflow = AirflowFixtures.start("success");
        Run r = collect("--estimate-energy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("provenance: wrote " + dir.resolve("prov")), r.out());
        Document d = document();
        for (Namespace ns : d.namespaces().values()) {
            assertTrue(
                    URI.create(ns.uri()).isAbsolute(),
                    "no ML run linked, so every namespace is ours and absolute: " + ns);
        }

        ProvRecord wf = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().local().equals("workflow"))
                .findFirst()
                .orElseThrow();
        assertEquals("success", wf.attributes().first(Vocab.STATUS).lexical());
        assertEquals("Apache Airflow", wf.attributes().first(Vocab.ENGINE).lexical());
        assertEquals("manual", attr(wf, "run_type"));
        assertEquals("1000", attr(wf, "param.rows"));
        assertEquals("[REDACTED]", attr(wf, "param.api_key"));
        assertTrue(d.records(RecordKind.AGENT).stream()
                .anyMatch(a -> "alice".equals(String.valueOf(a.attributes().first(Prov.LABEL)))));

        // 1 extract + 147 mapped transforms + 2 tries of load: every page was read.
        long tasks = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> "1".equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                .count();
        assertEquals(1 + AirflowFixtures.MAPPED + 2, tasks);
        ProvRecord extract = byLabel(d, "extract");
        assertEquals("return_value, row_count", attr(extract, "xcom_keys"));
        assertEquals("estimated-upper-bound", attr(extract, "energy_method"));
        ProvRecord t146 = byLabel(d, "transform[146]");
        assertEquals("146", attr(t146, "map_index"));
        assertTrue(informants(d, t146).contains(extract.id()), "DAG edge extract -> transform");
        ProvRecord try1 = byLabel(d, "load");
        ProvRecord try2 = byLabel(d, "load (try 2)");
        assertEquals("failed", try1.attributes().first(Vocab.STATUS).lexical());
        assertEquals("success", try2.attributes().first(Vocab.STATUS).lexical());
        assertTrue(informants(d, try2).contains(try1.id()), "the retry follows the failed try");
        assertTrue(informants(d, try2).contains(t146.id()), "DAG edge transform -> load");

        // Assets: written by load's successful try, the triggering one used by the run.
        ProvRecord out = d.records(RecordKind.ENTITY).stream()
                .filter(e -> "s3://lake/out.parquet"
                        .equals(String.valueOf(e.attributes().first(Prov.LOCATION))))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of(try2.id()),
                d.records(RecordKind.WAS_GENERATED_BY).stream()
                        .filter(g -> g.ref(Formal.ENTITY).equals(out.id()))
                        .map(g -> g.ref(Formal.ACTIVITY))
                        .toList());
        ProvRecord in = d.records(RecordKind.ENTITY).stream()
                .filter(e ->
                        "s3://lake/in.csv".equals(String.valueOf(e.attributes().first(Prov.LOCATION))))
                .findFirst()
                .orElseThrow();
        assertTrue(d.records(RecordKind.USED).stream()
                .anyMatch(u -> u.ref(Formal.ENTITY).equals(in.id())
                        && u.ref(Formal.ACTIVITY).equals(wf.id())));

        // Encoding: the run id travelled percent-encoded; pagination used limit 100.
        airflow.verify(getRequestedFor(urlPathEqualTo(AirflowFixtures.BASE)));
        airflow.verify(2, getRequestedFor(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances")));
        assertFalse(Files.readString(Files.list(dir.resolve("prov"))
                        .filter(p -> p.toString().endsWith(".json"))
                        .findFirst()
                        .orElseThrow())
                .contains("do-not-record"));
    }

    @Test
    void xcomValuesWhenAskedAndCredentialsFromAConfigFile() throws Exception {
        airflow = AirflowFixtures.start("success");
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"xcom_entries\": [{\"key\": \"return_value\"}, {\"key\": \"api_token\"}],"
                                + " \"total_entries\": 2}")));
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries/return_value"))
                .withQueryParam("stringify", equalTo("true"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"key\": \"return_value\", \"value\": \"" + "x".repeat(50) + "\"}")));
        Path config = dir.resolve("config.properties");
        Files.writeString(
                config,
                "airflow.url=http://localhost:" + airflow.port() + "\nairflow.user=admin\nairflow.password=secret\n");
        Run r = cli(
                Map.of(
                        "PROVHOOKS_CONFIG",
                        config.toString(),
                        "PROVHOOKS_OUTBOX",
                        dir.resolve("outbox").toString()),
                "collect",
                "--dag-id",
                AirflowFixtures.DAG,
                "--run-id",
                AirflowFixtures.RUN,
                "--out",
                dir.resolve("prov").toString(),
                "--xcom-values",
                "20");
        assertEquals(0, r.code(), r.err());
        ProvRecord extract = byLabel(document(), "extract");
        assertEquals("x".repeat(20) + "… (50 chars)", attr(extract, "xcom.return_value"));
        assertEquals("[REDACTED]", attr(extract, "xcom.api_token"));
        airflow.verify(
                0,
                getRequestedFor(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries/api_token")));
    }

    @Test
    void mlRunDocumentsReportedAsXComAreLinkedAndOnesNotReadableHereKeptAsReferences() throws Exception {
        airflow = AirflowFixtures.start("success");
        Path ml;
        try (MlRun run = MlRun.start(dir.resolve("ml"), "extract", Clock.systemUTC(), Map.of())) {
            run.logMetric("rows", 100, MlRun.TRAINING, 0);
            ml = run.endRun();
        }
        String onWorker = "/opt/airflow/worker-7/prov/prov_extract_GR0_1.json";
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(
                                "{\"xcom_entries\": [{\"key\": \"provhooks_ml_documents\"}], \"total_entries\": 1}")));
        airflow.stubFor(
                get(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries/provhooks_ml_documents"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withBody("{\"key\": \"provhooks_ml_documents\", \"value\": \"['" + ml + "', '"
                                        + onWorker + "']\"}")));
        Run r = collect();
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("not readable here; recorded as a reference"), r.err());
        Document d = document();
        ProvRecord extract = byLabel(d, "extract");
        List<ProvRecord> docs = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT)))
                .toList();
        assertEquals(2, docs.size(), docs.toString());
        for (ProvRecord e : docs) {
            assertTrue(
                    d.records(RecordKind.WAS_GENERATED_BY).stream()
                            .anyMatch(g -> g.ref(Formal.ENTITY).equals(e.id())
                                    && g.ref(Formal.ACTIVITY).equals(extract.id())),
                    "generated by the reporting task: " + e);
        }
        ProvRecord reference = docs.stream()
                .filter(e -> onWorker.equals(e.attributes().first(Prov.LOCATION).lexical()))
                .findFirst()
                .orElseThrow();
        assertEquals("false", attr(reference, "readable"));
        assertEquals(
                1,
                d.records(RecordKind.ACTIVITY).stream()
                        .filter(a -> a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)))
                        .count(),
                "the readable one is linked as an ML run");
    }

    @Test
    void assetsTheTasksDeclareAreRecordedOnARunWithoutAssetEvents() throws Exception {
        airflow = AirflowFixtures.start("success");
        airflow.stubFor(get(urlPathEqualTo("/api/v2/assets"))
                .withQueryParam("dag_ids", equalTo("etl"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"assets\": [{\"id\": 1, \"name\": \"raw\", \"uri\": \"s3://lake/raw\","
                                + " \"producing_tasks\": [{\"dag_id\": \"etl\", \"task_id\": \"extract\"}],"
                                + " \"consuming_tasks\": [{\"dag_id\": \"etl\", \"task_id\": \"load\"},"
                                + " {\"dag_id\": \"other\", \"task_id\": \"extract\"}]}], \"total_entries\": 1}")));
        Run r = collect();
        assertEquals(0, r.code(), r.err());
        Document d = document();
        ProvRecord raw = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().first(Prov.LOCATION) != null
                        && "s3://lake/raw"
                                .equals(e.attributes().first(Prov.LOCATION).lexical()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the declared asset is recorded"));
        ProvRecord extract = byLabel(d, "extract");
        ProvRecord load = byLabel(d, "load (try 2)");
        assertTrue(d.records(RecordKind.WAS_GENERATED_BY).stream()
                .anyMatch(g -> g.ref(Formal.ENTITY).equals(raw.id())
                        && g.ref(Formal.ACTIVITY).equals(extract.id())));
        assertTrue(d.records(RecordKind.USED).stream()
                .anyMatch(u -> u.ref(Formal.ENTITY).equals(raw.id())
                        && u.ref(Formal.ACTIVITY).equals(load.id())));
    }

    @Test
    void secretsInConfXComValuesAndAssetsLeaveNoTraceInFilesOrLines() throws Exception {
        airflow = AirflowFixtures.start("success");
        ObjectNode run = (ObjectNode) AirflowFixtures.JSON.readTree(airflow.getStubMappings().stream()
                .filter(m -> m.getRequest().getUrlPath() != null
                        && m.getRequest().getUrlPath().equals(AirflowFixtures.BASE))
                .findFirst()
                .orElseThrow()
                .getResponse()
                .getBody());
        run.set("conf", AirflowFixtures.JSON.valueToTree(SecretCorpus.nestedParameters()));
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody(run.toString())));
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"xcom_entries\": [{\"key\": \"request\"}], \"total_entries\": 1}")));
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE + "/taskInstances/extract/xcomEntries/request"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(AirflowFixtures.JSON
                                .createObjectNode()
                                .put("key", "request")
                                .put(
                                        "value",
                                        "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.bearerPayload91' "
                                                + "https://alice:UrlPw-7f3k2@db.example.org/api")
                                .toString())));
        Run r = collect("--xcom-values", "500");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), SecretCorpus.leaks(List.of(dir), r.out(), r.err()));
        ProvRecord wf = document().records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().local().equals("workflow"))
                .findFirst()
                .orElseThrow();
        assertEquals("db.example.org", attr(wf, "param.db.host"));
        assertTrue(String.valueOf(attr(byLabel(document(), "extract"), "xcom.request"))
                .contains("db.example.org"));
    }

    @Test
    void aYProvServerAnswering500LeavesTheDocumentWrittenAndWaitingInTheOutbox() throws Exception {
        airflow = AirflowFixtures.start("success");
        WireMockServer yprov = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .dynamicPort());
        yprov.start();
        try {
            yprov.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v0/auth/login"))
                    .willReturn(aResponse().withStatus(200).withBody("{\"result\": \"tok-1\"}")));
            yprov.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                            com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/api/v0/documents/.*"))
                    .willReturn(aResponse().withStatus(500).withBody("{\"error\": \"database is down\"}")));
            Run r = collect(
                    Map.of(
                            "PROVHOOKS_YPROV_URL", "http://localhost:" + yprov.port(),
                            "PROVHOOKS_YPROV_USER", "jdoe",
                            "PROVHOOKS_YPROV_PASSWORD", "s3cret",
                            "PROVHOOKS_PUSH_WAIT_SECONDS", "2"),
                    "--push");
            assertEquals(0, r.code(), r.err());
            document(); // written and valid
            assertTrue(r.out().contains("pending 1"), r.out());
            assertFalse(r.err().contains("\tat "), r.err());
            try (Stream<Path> pending = Files.list(dir.resolve("outbox/pending"))) {
                assertEquals(
                        1,
                        pending.filter(f -> !f.getFileName().toString().startsWith("."))
                                .count());
            }
        } finally {
            yprov.stop();
        }
    }

    @Test
    void theCrateOutputHasOneStepPerTaskAndOneActionPerTaskInstanceTry() throws Exception {
        airflow = AirflowFixtures.start("success");
        Run r = collect("--outputs", "prov,crate");
        assertEquals(0, r.code(), r.err());
        Document d = document();
        long tries = d.records(RecordKind.ACTIVITY).stream()
                .filter(a ->
                        Vocab.LEVEL_TASK.equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                .count();
        Path metadata;
        try (Stream<Path> s = Files.list(dir.resolve("prov"))) {
            metadata = s.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().endsWith("-crate"))
                    .findFirst()
                    .orElseThrow()
                    .resolve("ro-crate-metadata.json");
        }
        com.fasterxml.jackson.databind.JsonNode graph =
                AirflowFixtures.JSON.readTree(metadata.toFile()).get("@graph");
        long actions = 0;
        java.util.Set<String> steps = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode e : graph) {
            if ("CreateAction".equals(e.path("@type").asText())) {
                actions++;
            } else if ("HowToStep".equals(e.path("@type").asText())) {
                steps.add(e.path("name").asText());
            }
        }
        assertEquals(tries + 1, actions, "one action per task instance try, and the run");
        assertEquals(java.util.Set.of("extract", "transform", "load"), steps);

        // Read as RDF: every rule of the three profiles holds; the DAG's code from the API is the main entity, its
        // password masked; the asset the run wrote is its output, the one that triggered it an input.
        org.provhooks.core.crate.CrateCheck c = org.provhooks.core.crate.CrateCheck.read(metadata.getParent());
        assertEquals(List.of(), c.problems());
        assertTrue(c.ask("ASK { <./> s:mainEntity <etl-v3.py> . <etl-v3.py> s:programmingLanguage ?l ;"
                + " s:alternateName ?local . ?l s:name \"Apache Airflow (Python DAG)\" }"));
        String code = Files.readString(metadata.getParent().resolve("etl-v3.py"));
        assertTrue(code.contains("with DAG('etl')") && !code.contains("hunter2secret"), code);
        assertTrue(c.ask("ASK { ?run s:instrument <etl-v3.py> ; s:result <s3://lake/out.parquet> ;"
                + " s:object <s3://lake/in.csv> }"));
    }

    /** The bridge's runs as OpenLineage events too: one task run per try, the run's nominal time (its logical date). */
    @Test
    void aCollectedRunCanBeSentAsOpenLineageEventsWithOneRunPerTry() throws Exception {
        airflow = AirflowFixtures.start("success");
        try (org.provhooks.core.openlineage.LineageBackend lineage =
                org.provhooks.core.openlineage.LineageBackend.start(201)) {
            Run r = collect(Map.of("OPENLINEAGE_URL", lineage.url()), "--outputs", "prov,openlineage");
            assertEquals(0, r.code(), r.err());
            Document d = document();
            long tries = d.records(RecordKind.ACTIVITY).stream()
                    .filter(a -> Vocab.LEVEL_TASK.equals(
                            String.valueOf(a.attributes().first(Vocab.LEVEL))))
                    .count();
            List<io.openlineage.client.OpenLineage.RunEvent> events = lineage.events();
            assertEquals(2 * (tries + 1), events.size(), r.out());
            assertEquals(
                    2,
                    events.stream()
                            .filter(e -> e.getJob().getName().equals("etl.load"))
                            .map(e -> e.getRun().getRunId())
                            .distinct()
                            .count(),
                    "load's two tries are two runs");
            io.openlineage.client.OpenLineage.RunEvent end = events.get(events.size() - 1);
            assertEquals(io.openlineage.client.OpenLineage.RunEvent.EventType.COMPLETE, end.getEventType());
            assertEquals("airflow", end.getJob().getNamespace());
            assertEquals(
                    java.time.Instant.parse("2025-01-01T10:00:00Z"),
                    end.getRun()
                            .getFacets()
                            .getNominalTime()
                            .getNominalStartTime()
                            .toInstant());
        }
    }

    @Test
    void anExpiredTokenIsRenewedOnce() throws Exception {
        airflow = AirflowFixtures.start("failed");
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE))
                .atPriority(1)
                .inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("{\"detail\": \"Token expired\"}"))
                .willSetStateTo("renewed"));
        Run r = collect();
        assertEquals(0, r.code(), r.err());
        airflow.verify(2, postRequestedFor(urlPathEqualTo("/auth/token")));
        Document d = document();
        assertEquals(
                "failed",
                d.records(RecordKind.ACTIVITY).stream()
                        .filter(a -> a.id().local().equals("workflow"))
                        .findFirst()
                        .orElseThrow()
                        .attributes()
                        .first(Vocab.STATUS)
                        .lexical(),
                "a failed run is recorded as failed");
    }

    @Test
    void badInputGivesOneLine() throws Exception {
        airflow = AirflowFixtures.start("success");
        Run missing = cli(
                Map.of(AirflowBridgeCli.ENV_PASSWORD, "secret"),
                "collect",
                "--airflow-url",
                "http://localhost:" + airflow.port(),
                "--user",
                "admin",
                "--dag-id",
                "etl",
                "--run-id",
                "nope",
                "--out",
                dir.toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().trim().split("\n").length, missing.err());
        assertTrue(missing.err().contains("not found in Airflow (404"), missing.err());

        airflow.stubFor(
                get(urlPathEqualTo("/api/v2/dags/etl/dagRuns/bad"))
                        .willReturn(
                                aResponse()
                                        .withStatus(422)
                                        .withBody(
                                                "{\"detail\": [{\"loc\": [\"path\", \"dag_run_id\"], \"msg\": \"value is not valid\", \"type\": \"value_error\"}]}")));
        Run invalid = cli(
                Map.of(AirflowBridgeCli.ENV_PASSWORD, "secret"),
                "collect",
                "--airflow-url",
                "http://localhost:" + airflow.port(),
                "--user",
                "admin",
                "--dag-id",
                "etl",
                "--run-id",
                "bad",
                "--out",
                dir.toString());
        assertTrue(invalid.err().contains("422: value is not valid at [\"path\",\"dag_run_id\"]"), invalid.err());

        Run wrong = cli(
                Map.of(AirflowBridgeCli.ENV_PASSWORD, "guess"),
                "collect",
                "--airflow-url",
                "http://localhost:" + airflow.port(),
                "--user",
                "admin",
                "--dag-id",
                "etl",
                "--run-id",
                "x",
                "--out",
                dir.toString());
        assertTrue(wrong.err().contains("refused user 'admin': wrong user or password"), wrong.err());
        assertFalse(wrong.err().contains("guess"));

        int port = airflow.port();
        airflow.stop();
        Run down = cli(
                Map.of(AirflowBridgeCli.ENV_PASSWORD, "secret"),
                "collect",
                "--airflow-url",
                "http://127.0.0.1:" + port,
                "--user",
                "admin",
                "--dag-id",
                "etl",
                "--run-id",
                "x",
                "--out",
                dir.toString());
        assertTrue(down.err().contains("cannot connect to Airflow at http://127.0.0.1:" + port), down.err());

        Run badUrl = cli(Map.of(), "collect", "--airflow-url", "localhost:8080", "--dag-id", "etl", "--run-id", "x");
        assertTrue(badUrl.err().contains("malformed Airflow URL 'localhost:8080'"), badUrl.err());
    }
}
