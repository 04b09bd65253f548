package org.provhooks.core.openlineage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.TaskStart;

/**
 * The {@code openlineage} output over real HTTP (WireMock as the backend): the events of a run parsed back with
 * openlineage-java's own model; a backend that answers 500 or is down changes nothing in the run or its document.
 */
class OpenLineageOutputTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private LineageBackend lineage;
    private WireMockServer backend;

    @AfterEach
    void stop() {
        if (lineage != null) {
            lineage.close();
        }
    }

    private WireMockServer backend(int status) {
        lineage = LineageBackend.start(status);
        backend = lineage.server();
        return backend;
    }

    /** A run: ALIGN (started live, then completed, an ML run linked), QC failed, REPORT cached; returns the summary. */
    private String run(String url, List<String> warnings, Path out) throws Exception {
        Path raw = dir.resolve("raw.fq");
        Path bam = dir.resolve("aligned.bam");
        Files.writeString(raw, "ACGT");
        Files.writeString(bam, "BAM");
        RunSettings settings = RunSettings.builder(out)
                .outputs(url == null ? List.of("prov") : List.of("prov", "openlineage"))
                .telemetry(false)
                .pushWait(java.time.Duration.ofSeconds(5))
                .openLineage(OpenLineageSettings.of(url, null, "k3y-s3cret-value", "genomics", null))
                .resolve(Map.of(), warnings::add);
        try (RunSession s = RunSession.open(
                RunStart.of("Nextflow", "happy_turing", "rnaseq", T0), settings, Map.of(), warnings::add)) {
            s.taskStarted(new TaskStart("1", "ALIGN (1)", "ALIGN", T0.plusSeconds(1)));
            s.recorder()
                    .task(TaskActivity.builder("1")
                            .label("ALIGN (1)")
                            .status("COMPLETED")
                            .start(T0.plusSeconds(1))
                            .end(T0.plusSeconds(5))
                            .attribute("process", "ALIGN")
                            .attribute("energy_j", 12.5)
                            .attribute("co2e_g", 0.004)
                            .attribute("energy_method", "estimated-upper-bound")
                            .input(DataRef.file(raw))
                            .output(DataRef.file(bam))
                            .build());
            Path ml;
            try (MlRun r = MlRun.start(dir.resolve("mlruns"), "align", java.time.Clock.systemUTC(), Map.of())) {
                r.logMetric("loss", 0.5, MlRun.TRAINING, 0);
                ml = r.endRun();
            }
            s.linkMlRun("1", ml);
            s.recorder()
                    .task(TaskActivity.builder("2")
                            .label("QC (1)")
                            .status("FAILED")
                            .start(T0.plusSeconds(6))
                            .end(T0.plusSeconds(7))
                            .attribute("process", "QC")
                            .attribute("exit", 3)
                            .input(DataRef.file(bam))
                            .build());
            s.recorder()
                    .task(TaskActivity.builder("3")
                            .label("REPORT (1)")
                            .status("CACHED")
                            .attribute("process", "REPORT")
                            .input(DataRef.file(bam))
                            .build());
            return s.finish("Failed", T0.plusSeconds(10));
        }
    }

    private List<RunEvent> received() {
        return lineage.events();
    }

    @Test
    void aRunIsStreamedAsOpenLineageEventsThatPointBackToItsProvDocument() throws Exception {
        backend(201);
        List<String> warnings = new ArrayList<>();
        String summary = run("http://localhost:" + backend.port(), warnings, dir.resolve("out"));
        assertEquals(List.of(), warnings);
        List<RunEvent> events = received();
        // 8 events: the run's and each task's START and end. The ML run linked just after ALIGN ended rides on ALIGN's
        // end when that was not sent yet, else it is one OTHER event for ALIGN's run.
        long other =
                events.stream().filter(e -> e.getEventType() == EventType.OTHER).count();
        assertTrue(other <= 1, events.toString());
        assertEquals(8 + other, events.size(), events.toString());
        assertTrue(
                summary.contains(
                        "openlineage: " + events.size() + " events sent to http://localhost:" + backend.port()),
                summary);
        // Every request carries the API key; every event is complete by the model's own reading.
        backend.verify(
                events.size(),
                postRequestedFor(urlPathEqualTo("/api/v1/lineage"))
                        .withHeader(
                                "Authorization",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer k3y-s3cret-value")));
        for (RunEvent e : events) {
            assertNotNull(e.getEventTime());
            assertNotNull(e.getProducer());
            assertTrue(
                    e.getSchemaURL().toString().startsWith("https://openlineage.io/spec/"),
                    e.getSchemaURL().toString());
            assertNotNull(e.getRun().getRunId());
            assertEquals("genomics", e.getJob().getNamespace());
            assertEquals("BATCH", e.getJob().getFacets().getJobType().getProcessingType());
            assertEquals("NEXTFLOW", e.getJob().getFacets().getJobType().getIntegration());
        }
        // Exactly one START and one terminal event per run.
        Map<UUID, List<EventType>> byRun = new HashMap<>();
        events.forEach(e -> byRun.computeIfAbsent(e.getRun().getRunId(), k -> new ArrayList<>())
                .add(e.getEventType()));
        assertEquals(4, byRun.size(), byRun.toString());
        byRun.forEach((id, types) -> {
            assertEquals(1, types.stream().filter(t -> t == EventType.START).count(), types.toString());
            assertEquals(
                    1,
                    types.stream()
                            .filter(t -> t == EventType.COMPLETE || t == EventType.FAIL || t == EventType.ABORT)
                            .count(),
                    types.toString());
        });
        UUID workflow = LineageEvents.runUuid("Nextflow", "happy_turing");
        RunEvent end = events.stream()
                .filter(e -> e.getRun().getRunId().equals(workflow) && e.getEventType() == EventType.FAIL)
                .findFirst()
                .orElseThrow();
        assertEquals("rnaseq", end.getJob().getName());
        assertEquals("WORKFLOW", end.getJob().getFacets().getJobType().getJobType());
        // Every task run's parent (and root) is the workflow run; each task runs its process's job.
        List<RunEvent> taskEvents = events.stream()
                .filter(e -> !e.getRun().getRunId().equals(workflow))
                .toList();
        for (RunEvent e : taskEvents) {
            assertEquals(workflow, e.getRun().getFacets().getParent().getRun().getRunId());
            assertEquals(
                    workflow,
                    e.getRun().getFacets().getParent().getRoot().getRun().getRunId());
            assertEquals("TASK", e.getJob().getFacets().getJobType().getJobType());
            assertTrue(e.getJob().getName().startsWith("rnaseq."), e.getJob().getName());
        }
        // The failed task: FAIL with its error. The cached one: COMPLETE, marked cached.
        RunEvent qc = terminal(taskEvents, "rnaseq.QC");
        assertEquals(EventType.FAIL, qc.getEventType());
        assertEquals("exit status 3", qc.getRun().getFacets().getErrorMessage().getMessage());
        RunEvent report = terminal(taskEvents, "rnaseq.REPORT");
        assertEquals(EventType.COMPLETE, report.getEventType());
        assertEquals(Boolean.TRUE, facet(report, ProvHooksFacets.TASK).get("cached"));
        // ALIGN: its energy with the method, its ML run, and the PROV document and activity it is in.
        RunEvent align = terminal(taskEvents, "rnaseq.ALIGN");
        assertEquals(
                "estimated-upper-bound", facet(align, ProvHooksFacets.ENERGY).get("method"));
        assertEquals(12.5, facet(align, ProvHooksFacets.ENERGY).get("energyJoules"));
        RunEvent withMl = events.stream()
                .filter(e -> e.getRun().getRunId().equals(align.getRun().getRunId()))
                .filter(e -> e.getRun().getFacets().getAdditionalProperties().containsKey(ProvHooksFacets.ML_RUNS))
                .findFirst()
                .orElseThrow(() -> new AssertionError("ALIGN's ML run is in none of its events"));
        Map<?, ?> mlRuns = facet(withMl, ProvHooksFacets.ML_RUNS);
        assertEquals("align", ((Map<?, ?>) ((List<?>) mlRuns.get("runs")).get(0)).get("experiment"));
        Map<?, ?> prov = facet(align, ProvHooksFacets.PROVENANCE);
        Path doc = dir.resolve("out/happy_turing.prov.json");
        assertEquals(doc.toAbsolutePath().toString(), prov.get("documentLocation"));
        Document d = ProvJsonReader.read(doc);
        String activity = (String) prov.get("activity");
        assertTrue(
                d.records(RecordKind.ACTIVITY).stream()
                        .anyMatch(a -> a.id().uri().equals(activity)),
                activity + " is an activity of the document");
        assertTrue(facet(align, ProvHooksFacets.ENERGY)
                .get("_schemaURL")
                .toString()
                .startsWith(ProvHooksFacets.SCHEMA_BASE));
        // Dataset names are the files the PROV document records.
        Set<String> datasets = new TreeSet<>();
        for (RunEvent e : events) {
            e.getInputs().forEach(i -> datasets.add(i.getName()));
            e.getOutputs().forEach(o -> datasets.add(o.getName()));
        }
        Set<String> files = d.records(RecordKind.ENTITY).stream()
                .map(e -> e.attributes().first(Prov.LOCATION))
                .filter(l ->
                        l != null && l.lexical().startsWith("/") && !l.lexical().endsWith(".json"))
                .map(l -> l.lexical())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, datasets);
        // The API key never appears in an event.
        backend.findAll(postRequestedFor(urlPathEqualTo("/api/v1/lineage")))
                .forEach(r -> assertTrue(!r.getBodyAsString().contains("k3y-s3cret-value")));
    }

    private static RunEvent terminal(List<RunEvent> events, String job) {
        return events.stream()
                .filter(e -> e.getJob().getName().equals(job) && e.getEventType() != EventType.START)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no end for " + job));
    }

    private static Map<?, ?> facet(RunEvent e, String name) {
        Object f = e.getRun().getFacets().getAdditionalProperties().get(name);
        assertNotNull(f, name + " on " + e.getJob().getName());
        return OpenLineageClientUtils.convertValue(f, Map.class);
    }

    @Test
    void aBackendThatFailsOrIsDownChangesNothingInTheRunOrItsDocument() throws Exception {
        List<String> none = new ArrayList<>();
        run(null, none, dir.resolve("plain"));
        Document plain = ProvJsonReader.read(dir.resolve("plain/happy_turing.prov.json"));

        backend(500);
        List<String> warnings = new ArrayList<>();
        String summary = run("http://localhost:" + backend.port(), warnings, dir.resolve("failing"));
        assertTrue(summary.contains("wrote ") && summary.contains("openlineage: 0 events sent"), summary);
        assertTrue(summary.contains("failed") && summary.contains("code: 500"), summary);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("cannot send events"), warnings.get(0));
        Document failing = ProvJsonReader.read(dir.resolve("failing/happy_turing.prov.json"));
        assertEquals(List.of(), Validator.validate(dir.resolve("failing/happy_turing.prov.json")));
        assertEquals(plain.size(), failing.size());

        int port = backend.port();
        lineage.close();
        lineage = null;
        List<String> down = new ArrayList<>();
        summary = run("http://localhost:" + port, down, dir.resolve("down"));
        assertTrue(summary.contains("wrote ") && summary.contains("not sent") || summary.contains("failed"), summary);
        assertEquals(1, down.size(), down.toString());
        assertEquals(
                plain.size(),
                ProvJsonReader.read(dir.resolve("down/happy_turing.prov.json")).size());
    }

    @Test
    void withoutABackendTheOutputSaysHowToSetOneAndTheRunGoesOn() throws Exception {
        List<String> warnings = new ArrayList<>();
        RunSettings settings = RunSettings.builder(dir)
                .outputs(List.of("prov", "openlineage"))
                .telemetry(false)
                .resolve(Map.of(), warnings::add);
        assertNull(settings.openLineage().url());
        String summary;
        try (RunSession s =
                RunSession.open(RunStart.of("Apache Beam", "job", "job", T0), settings, Map.of(), warnings::add)) {
            summary = s.finish("DONE", T0.plusSeconds(1));
        }
        assertTrue(summary.contains("openlineage: off"), summary);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("set OPENLINEAGE_URL"), warnings.get(0));
        // A malformed URL is one line naming it.
        List<String> bad = new ArrayList<>();
        RunSettings badUrl = RunSettings.builder(dir)
                .outputs(List.of("openlineage"))
                .telemetry(false)
                .openLineage(OpenLineageSettings.of("localhost:5000", null, null, null, null))
                .resolve(Map.of(), bad::add);
        try (RunSession s =
                RunSession.open(RunStart.of("Apache Beam", "job2", "job", T0), badUrl, Map.of(), bad::add)) {
            s.finish("DONE", T0.plusSeconds(1));
        }
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).contains("'localhost:5000' must be an http(s) URL"), bad.get(0));
    }

    @Test
    void datasetsAreNamedAsOpenLineageNamesThem() {
        String host = LineageEvents.dataset("/data/x.csv")[0];
        assertTrue(host.startsWith("file://"), host);
        assertEquals(List.of("s3://lake", "/raw/in.csv"), List.of(LineageEvents.dataset("s3://lake/raw/in.csv")));
        assertEquals(null, LineageEvents.dataset("pcollection:Read.out"));
        assertEquals(
                List.of("postgres://db:5432", "/warehouse.public.orders"),
                List.of(LineageEvents.dataset("postgres://u:pw@db:5432/warehouse.public.orders")).stream()
                                .map(String::valueOf)
                                .toList()
                                .isEmpty()
                        ? List.of()
                        : List.of(
                                LineageEvents.dataset("postgres://db:5432/warehouse.public.orders")[0],
                                LineageEvents.dataset("postgres://db:5432/warehouse.public.orders")[1]));
        // A password in a dataset URI never leaves.
        String[] secret = LineageEvents.dataset("postgres://u:hunter2pw@db:5432/orders");
        assertTrue(!String.join(" ", secret).contains("hunter2pw"), String.join(" ", secret));
    }

    /** Each facet we emit has the fields its published schema ({@code spec/openlineage/}) declares, and no others. */
    @Test
    void ourFacetsMatchTheSchemasWePublish() throws Exception {
        java.net.URI p = java.net.URI.create("https://provhooks.org/test");
        Map<String, Object> facets = Map.of(
                "ProvHooksEnergyRunFacet", new ProvHooksFacets.Energy(p, 1.0, 2.0, "measured"),
                "ProvHooksProvenanceRunFacet", new ProvHooksFacets.Provenance(p, "doc", "/x.prov.json", "urn:a", "doc"),
                "ProvHooksMlRunsRunFacet",
                        new ProvHooksFacets.MlRuns(
                                p, List.of(new ProvHooksFacets.MlRunRef("e", "r", "pid", "/r.json", "d"))),
                "ProvHooksTaskRunFacet", new ProvHooksFacets.Task(p, "CACHED", true, "1", "ALIGN"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Map.Entry<String, Object> f : facets.entrySet()) {
            Path file = Path.of("..", "spec", "openlineage", f.getKey() + ".json");
            com.fasterxml.jackson.databind.JsonNode def = json.readTree(file.toFile())
                    .path("$defs")
                    .path(f.getKey())
                    .path("allOf")
                    .get(1);
            Set<String> declared = new TreeSet<>();
            def.path("properties").fieldNames().forEachRemaining(declared::add);
            declared.add("_producer");
            declared.add("_schemaURL");
            Map<?, ?> written = OpenLineageClientUtils.convertValue(f.getValue(), Map.class);
            Set<String> keys = new TreeSet<>();
            written.keySet().forEach(k -> keys.add(String.valueOf(k)));
            assertTrue(declared.containsAll(keys), f.getKey() + ": " + keys + " not all in " + declared);
            def.path("required").forEach(r -> assertTrue(keys.contains(r.asText()), f.getKey() + " lacks " + r));
            assertEquals(
                    ProvHooksFacets.SCHEMA_BASE + f.getKey() + ".json#/$defs/" + f.getKey(),
                    String.valueOf(written.get("_schemaURL")));
        }
    }

    /** Secrets in what a task reports (its error, its label, a dataset URI) never reach the backend. */
    @Test
    void secretsInTaskReportsAreMaskedInEveryEvent() throws Exception {
        backend(201);
        List<String> warnings = new ArrayList<>();
        RunSettings settings = RunSettings.builder(dir)
                .outputs(List.of("openlineage"))
                .telemetry(false)
                .openLineage(OpenLineageSettings.of("http://localhost:" + backend.port(), null, null, null, null))
                .resolve(Map.of(), warnings::add);
        try (RunSession s =
                RunSession.open(RunStart.of("Nextflow", "r1", "wf", T0), settings, Map.of(), warnings::add)) {
            s.taskStarted(new TaskStart("1", "LOAD --db_password CliPw-8125 --rows 5", "LOAD", T0));
            s.recorder()
                    .task(TaskActivity.builder("1")
                            .label("LOAD --db_password CliPw-8125 --rows 5")
                            .status("FAILED")
                            .start(T0)
                            .end(T0.plusSeconds(1))
                            .attribute("process", "LOAD")
                            .attribute(
                                    "error_message",
                                    "cannot reach https://alice:UrlPw-7f3k2@db.example.org/data (Password=ConnPw-4411;)")
                            .input(DataRef.of("postgres://etl:DsnPw-5512@db.example.org:5432/lake.orders", "orders"))
                            .build());
            s.finish("Failed", T0.plusSeconds(2));
        }
        List<String> bodies = lineage.bodies();
        assertEquals(4, bodies.size(), bodies.toString());
        String all = String.join("\n", bodies);
        for (String secret : List.of("CliPw-8125", "UrlPw-7f3k2", "ConnPw-4411", "DsnPw-5512")) {
            assertTrue(!all.contains(secret), secret + " leaked: " + all);
        }
        assertTrue(all.contains("db.example.org"), "the non-secret parts stay: " + all);
    }

    /** The file transport (a setting, or {@code openlineage.file} in the config file): one event per line. */
    @Test
    void eventsCanGoToAFile() throws Exception {
        Path events = dir.resolve("lineage/events.jsonl");
        Files.createDirectories(events.getParent());
        java.util.Properties config = new java.util.Properties();
        config.setProperty("openlineage.file", events.toString());
        Path configFile = dir.resolve("provhooks.properties");
        try (java.io.Writer w = Files.newBufferedWriter(configFile)) {
            config.store(w, null);
        }
        List<String> warnings = new ArrayList<>();
        RunSettings settings = RunSettings.builder(dir)
                .outputs(List.of("openlineage"))
                .telemetry(false)
                .configFile(configFile)
                .resolve(Map.of(), warnings::add);
        String summary;
        try (RunSession s =
                RunSession.open(RunStart.of("Apache Beam", "j", "j", T0), settings, Map.of(), warnings::add)) {
            s.recorder()
                    .task(TaskActivity.builder("Read")
                            .label("Read")
                            .status("DONE")
                            .start(T0)
                            .end(T0.plusSeconds(1))
                            .build());
            summary = s.finish("DONE", T0.plusSeconds(2));
        }
        assertEquals(List.of(), warnings);
        assertTrue(summary.contains("4 events sent to " + events), summary);
        List<String> lines = Files.readAllLines(events);
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(
                EventType.COMPLETE,
                OpenLineageClientUtils.runEventFromJson(lines.get(3)).getEventType());
    }

    /** A backend that hangs holds the end of the run at most the (short) wait; what was not sent is counted. */
    @Test
    void aSlowBackendDelaysTheEndOfTheRunOnlyBriefly() throws Exception {
        lineage = LineageBackend.start(201);
        lineage.server()
                .stubFor(post(urlPathEqualTo(LineageBackend.PATH))
                        .willReturn(aResponse().withStatus(201).withFixedDelay(3000)));
        List<String> warnings = new ArrayList<>();
        RunSettings settings = RunSettings.builder(dir)
                .outputs(List.of("prov", "openlineage"))
                .telemetry(false)
                .pushWait(java.time.Duration.ofSeconds(1))
                .openLineage(OpenLineageSettings.of(lineage.url(), null, null, null, null))
                .resolve(Map.of(), warnings::add);
        String summary;
        long t0 = System.nanoTime();
        try (RunSession s =
                RunSession.open(RunStart.of("Nextflow", "slow", "wf", T0), settings, Map.of(), warnings::add)) {
            for (int i = 0; i < 5; i++) {
                s.recorder()
                        .task(TaskActivity.builder(Integer.toString(i))
                                .label("T")
                                .status("COMPLETED")
                                .start(T0)
                                .end(T0.plusSeconds(1))
                                .build());
            }
            summary = s.finish("Completed", T0.plusSeconds(2));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 4.5, "the run's end waited " + seconds + " s");
        assertTrue(summary.contains("wrote ") && summary.contains("not sent"), summary);
        assertTrue(Files.exists(dir.resolve("slow.prov.json")));
    }

    /**
     * Events go out while the run is still going, not at its end: the worker sends what is queued in bursts a short
     * pause apart, and the end of the run does not wait out that pause.
     */
    @Test
    void eventsGoOutWhileTheRunGoesOn() throws Exception {
        lineage = LineageBackend.start(201);
        List<String> warnings = new ArrayList<>();
        RunSettings settings = RunSettings.builder(dir)
                .outputs(List.of("prov", "openlineage"))
                .telemetry(false)
                .openLineage(OpenLineageSettings.of(lineage.url(), null, null, null, null))
                .resolve(Map.of(), warnings::add);
        try (RunSession s =
                RunSession.open(RunStart.of("Nextflow", "live", "wf", T0), settings, Map.of(), warnings::add)) {
            s.taskStarted(new TaskStart("1", "T (1)", "T", T0.plusSeconds(1)));
            assertEquals(List.of(EventType.START, EventType.START), typesOnceReceived(2));
            s.recorder()
                    .task(TaskActivity.builder("1")
                            .label("T (1)")
                            .status("COMPLETED")
                            .start(T0.plusSeconds(1))
                            .end(T0.plusSeconds(2))
                            .attribute("process", "T")
                            .build());
            assertEquals(List.of(EventType.START, EventType.START, EventType.COMPLETE), typesOnceReceived(3));
            String summary = s.finish("Completed", T0.plusSeconds(3));
            assertTrue(summary.contains("openlineage: 4 events sent"), summary);
        }
        assertEquals(EventType.COMPLETE, lineage.events().get(3).getEventType());
        assertEquals(List.of(), warnings);
    }

    /** The types of the events received, once there are {@code n} (waiting at most 20 s). */
    private List<EventType> typesOnceReceived(int n) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        List<RunEvent> events = lineage.events();
        while (events.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            events = lineage.events();
        }
        return events.stream().map(RunEvent::getEventType).toList();
    }
}
