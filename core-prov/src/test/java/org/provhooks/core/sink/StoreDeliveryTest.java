package org.provhooks.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvStoreStandIn;

/**
 * Multi-level pushes to yProvStore through the run session and the outbox, against a stateful store over real HTTP:
 * run documents first, the workflow document naming their PIDs and linked to them, metadata, versions of a run pushed
 * again, and the outbox's guarantees (5xx retried, 422 kept in failed/, refused credentials stop and keep).
 */
class StoreDeliveryTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    YProvStoreStandIn store;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        store = YProvStoreStandIn.start(0);
        Files.writeString(dir.resolve("none.properties"), "");
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(YProvConfig.ENV_URL, store.url());
        env.put(YProvConfig.ENV_USER, YProvStoreStandIn.EMAIL);
        env.put(YProvConfig.ENV_PASSWORD, YProvStoreStandIn.PASSWORD);
        env.put("PROVHOOKS_OUTBOX", dir.resolve("outbox").toString());
        env.put("PROVHOOKS_CONFIG", dir.resolve("none.properties").toString());
        return env;
    }

    private Path mlRunDocument(String task) throws Exception {
        try (MlRun run = MlRun.start(dir.resolve(task), "train", Clock.systemUTC(), Map.of())) {
            run.logParam("lr", 0.1).logMetric("loss", 0.5, MlRun.TRAINING, 0);
            return run.endRun();
        }
    }

    /** One run of two tasks, the second linked to a yProv4ML run; {@code status} varies the content. */
    private String run(String runId, String session, String status, Path ml) throws Exception {
        RunSettings settings = RunSettings.builder(dir.resolve("out-" + status))
                .telemetry(false)
                .pushWait(Duration.ofSeconds(20))
                .resolve(env(), warnings::add);
        RunStart start = RunStart.of("Nextflow", runId, "rnaseq", T0);
        try (RunSession s = RunSession.open(start, settings, env(), warnings::add)) {
            s.recorder().attribute("session_id", session);
            s.recorder().user("jdoe");
            s.recorder()
                    .task(TaskActivity.builder("1")
                            .label("ALIGN (1)")
                            .status("COMPLETED")
                            .start(T0)
                            .end(T0.plusSeconds(1))
                            .build());
            s.recorder()
                    .task(TaskActivity.builder("2")
                            .label("TRAIN (1)")
                            .status("COMPLETED")
                            .start(T0.plusSeconds(1))
                            .end(T0.plusSeconds(2))
                            .output(DataRef.file(ml))
                            .build());
            s.linkMlRun("2", ml);
            return s.finish(status, T0.plusSeconds(3));
        }
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(new StringReader(s));
    }

    private YProvStoreStandIn.Stored workflowOn(List<YProvStoreStandIn.Stored> docs) throws Exception {
        for (YProvStoreStandIn.Stored d : docs) {
            if (d.body().contains("provhooks:WorkflowRun")) {
                return d;
            }
        }
        throw new AssertionError("no workflow document on the store");
    }

    @Test
    void theRunDocumentGoesFirstAndTheWorkflowDocumentNamesItsPidIsLinkedToItAndDescribed() throws Exception {
        Path ml = mlRunDocument("task2");
        String line = run("happy_turing", "s-1", "Completed", ml);
        List<YProvStoreStandIn.Stored> docs = store.documents();
        assertEquals(2, docs.size(), store.requests().toString());
        YProvStoreStandIn.Stored mlDoc = docs.get(0);
        YProvStoreStandIn.Stored wf = docs.get(1);
        assertTrue(mlDoc.body().contains("train"), "the run document went first");
        assertEquals(json(Files.readString(ml)), json(mlDoc.body()), "the run document as written");

        // The uploaded workflow document is valid PROV and names the run document's PID in its entity.
        assertEquals(List.of(), Validator.validate(ProvJsonReader.read(new StringReader(wf.body()))));
        JsonNode entities = json(wf.body()).get("entity");
        List<String> pids = new ArrayList<>();
        entities.forEach(e -> {
            if (e.has("provhooks:yprov_pid")) {
                pids.add(e.get("provhooks:yprov_pid").asText());
            }
        });
        assertEquals(List.of(mlDoc.pid()), pids);
        assertEquals(Map.of(wf.pid(), List.of(mlDoc.pid())), store.related());

        JsonNode meta = json(store.metadata().get(wf.pid()));
        assertEquals("rnaseq — Nextflow run happy_turing", meta.get("title").asText());
        assertTrue(
                meta.get("description").asText().contains("2 tasks, 1 linked ML run document(s), completed"),
                meta.toString());
        assertEquals(
                List.of("nextflow", "completed", "workflow", "provhooks"),
                JSON.convertValue(meta.get("keywords"), List.class));
        assertEquals("jdoe", meta.get("author").asText());
        JsonNode mlMeta = json(store.metadata().get(mlDoc.pid()));
        assertTrue(mlMeta.get("title").asText().startsWith("yProv4ML run "), mlMeta.toString());
        assertTrue(mlMeta.get("keywords").toString().contains("yprov4ml"));

        assertTrue(
                line.contains("yProvStore: sent 2, pending 0, failed 0; workflow document at pid " + wf.pid()
                        + " (version 1)"),
                line);
        assertEquals(List.of(), warnings);
    }

    @Test
    void theSameRunPushedAgainIsTheNextVersionAndUnchangedDocumentsAreNotUploadedTwice() throws Exception {
        Path ml = mlRunDocument("task2");
        run("happy_turing", "s-1", "Completed", ml);
        YProvStoreStandIn.Stored first = workflowOn(store.documents());

        // -resume: a new run name, the same session; its document differs (here: its status).
        String line = run("sad_hopper", "s-1", "Failed", ml);
        List<YProvStoreStandIn.Stored> docs = store.documents();
        assertEquals(3, docs.size(), "the unchanged run document (a cached task's) is not uploaded again");
        YProvStoreStandIn.Stored second = docs.get(2);
        assertTrue(
                second.body()
                        .contains("\"provhooks:yprov_pid\":\"" + docs.get(0).pid() + "\""),
                "the new version links the run document already on the store");
        assertEquals(List.of(docs.get(0).pid()), store.related().get(second.pid()));
        assertEquals(first.pid(), second.parent(), "a version of the first");
        assertEquals(2, second.version());
        assertTrue(line.contains("at pid " + second.pid() + " (version 2)"), line);

        // The same document again: nothing new on the store.
        run("sad_hopper", "s-1", "Failed", ml);
        assertEquals(3, store.documents().size());

        // Another session is another lineage.
        run("brave_curie", "s-2", "Completed", ml);
        YProvStoreStandIn.Stored other = store.documents().get(3);
        assertNull(other.parent());
        assertEquals(1, other.version());
    }

    private Outbox outbox(YProvConfig cfg) throws Exception {
        Path box = dir.resolve("box");
        return Outbox.open(box, new YProvDeliverer(cfg, box, warnings::add), FAST, warnings::add);
    }

    private Path document(String name, String label) throws Exception {
        Path f = dir.resolve(name + ".prov.json");
        Files.writeString(
                f,
                "{\"prefix\":{\"ex\":\"https://example.org/\"},\"entity\":{\"ex:a\":{\"prov:label\":\"" + label
                        + "\"}}}");
        return f;
    }

    private YProvConfig config() throws Exception {
        return YProvConfig.of(store.url(), YProvStoreStandIn.EMAIL, YProvStoreStandIn.PASSWORD, null);
    }

    @Test
    void serverErrorsAreRetriedUntilTheDocumentIsStored() throws Exception {
        store.failNextUploads(3, 503);
        try (Outbox box = outbox(config())) {
            box.enqueue("doc-a", document("a", "A"));
            box.start();
            DeliveryReport r = box.awaitDelivery(Duration.ofSeconds(20));
            assertEquals(1, r.sent(), r.toString());
            assertEquals(0, r.pending());
        }
        assertEquals(1, store.documents().size());
    }

    @Test
    void aRefusedDocumentMovesToFailedWithTheServersAnswer() throws Exception {
        store.failNextUploads(1, 422);
        try (Outbox box = outbox(config())) {
            box.enqueue("doc-a", document("a", "A"));
            box.enqueue("doc-b", document("b", "B"));
            box.start();
            DeliveryReport r = box.awaitDelivery(Duration.ofSeconds(20));
            assertEquals(1, r.failed(), r.toString());
            assertEquals(1, r.sent());
            Path failed = box.failedDirectory();
            String answer = Files.readString(failed.resolve("doc-a.response.txt"));
            assertTrue(answer.contains("yProvStore answered 422 (injected failure 422: [\"try later\"])"), answer);
            assertTrue(Files.exists(failed.resolve("doc-a.prov.json")));
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("doc-a was refused")), warnings.toString());
    }

    @Test
    void refusedCredentialsStopDeliveryAndKeepEverything() throws Exception {
        YProvConfig wrong = YProvConfig.of(store.url(), YProvStoreStandIn.EMAIL, "not-the-password", null);
        try (Outbox box = outbox(wrong)) {
            box.enqueue("doc-a", document("a", "A"));
            box.start();
            DeliveryReport r = box.awaitDelivery(Duration.ofSeconds(20));
            assertEquals(1, r.pending(), r.toString());
            assertTrue(r.note().contains("wrong email or password"), r.note());
            assertFalse(r.note().contains("not-the-password"));
        }
        assertEquals(0, store.documents().size());
        assertTrue(Files.exists(dir.resolve("box/pending/doc-a.prov.json")));
    }

    @Test
    void anExpiredTokenIsRenewedWithoutLosingAnything() throws Exception {
        try (Outbox box = outbox(config())) {
            box.enqueue("doc-a", document("a", "A"));
            box.start();
            assertEquals(1, box.awaitDelivery(Duration.ofSeconds(20)).sent());
            store.expireTokens();
            box.enqueue("doc-b", document("b", "B"));
            DeliveryReport r = box.awaitDelivery(Duration.ofSeconds(20));
            assertEquals(2, r.sent(), r.toString());
        }
        assertEquals(2, store.documents().size());
        assertEquals(
                2,
                store.requests().stream()
                        .filter(q -> q.equals("POST /auth/login"))
                        .count());
    }

    @Test
    void aWorkflowDocumentWaitsForTheRunDocumentsItLinks() throws Exception {
        Path ml = mlRunDocument("task2");
        // Spool the workflow document before its run document: delivery still puts the run document first.
        Path out = dir.resolve("wf");
        RunSettings settings = RunSettings.builder(out).telemetry(false).resolve(Map.of(), warnings::add);
        Path wfFile;
        String mlId;
        try (RunSession s = RunSession.open(RunStart.of("Nextflow", "r1", "rnaseq", T0), settings, Map.of(), w -> {})) {
            s.recorder()
                    .task(TaskActivity.builder("2")
                            .label("TRAIN")
                            .status("COMPLETED")
                            .build());
            s.linkMlRun("2", ml);
            s.finish("Completed", T0.plusSeconds(1));
            wfFile = out.resolve("r1.prov.json");
        }
        String body = Files.readString(wfFile);
        int at = body.indexOf("\"provhooks:document_ref\" : \"") + "\"provhooks:document_ref\" : \"".length();
        mlId = body.substring(at, body.indexOf('"', at));
        try (Outbox box = outbox(config())) {
            box.enqueue("r1-wf", wfFile);
            Thread.sleep(20);
            box.enqueue(mlId, ml);
            box.start();
            DeliveryReport r = box.awaitDelivery(Duration.ofSeconds(20));
            assertEquals(2, r.sent(), r.toString());
        }
        List<YProvStoreStandIn.Stored> docs = store.documents();
        assertEquals(2, docs.size());
        assertTrue(
                docs.get(1)
                        .body()
                        .contains("\"provhooks:yprov_pid\":\"" + docs.get(0).pid() + "\""),
                docs.get(1).body());
    }
}
