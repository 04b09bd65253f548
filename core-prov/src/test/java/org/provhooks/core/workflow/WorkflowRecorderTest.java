package org.provhooks.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.validate.Validator;

class WorkflowRecorderTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static Set<String> edges(Document d, RecordKind kind, Formal from, Formal to) {
        Set<String> s = new HashSet<>();
        for (ProvRecord r : d.records(kind)) {
            s.add(r.ref(from).local() + " -> " + r.ref(to).local());
        }
        return s;
    }

    @Test
    void fanOutFanInLinksProducersAndConsumersThroughTheSameEntities() {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "fan", "fan", T0);
        DataRef[] parts = new DataRef[3];
        for (int i = 0; i < 3; i++) {
            parts[i] = DataRef.of("/work/" + i + "/part.txt", "part.txt");
            rec.task(TaskActivity.builder("s" + i)
                    .label("SCATTER (" + i + ")")
                    .status("COMPLETED")
                    .start(T0.plusSeconds(i))
                    .end(T0.plusSeconds(10 + i))
                    .output(parts[i])
                    .build());
        }
        TaskActivity.Builder gather = TaskActivity.builder("g")
                .label("GATHER")
                .status("COMPLETED")
                .start(T0.plusSeconds(20))
                .end(T0.plusSeconds(30));
        for (DataRef p : parts) {
            gather.input(p);
        }
        rec.task(gather.build());
        Document d = rec.finish("Completed", T0.plusSeconds(31));
        assertEquals(List.of(), Validator.validate(d));

        String g = rec.taskId("g").local();
        Set<String> used = edges(d, RecordKind.USED, Formal.ACTIVITY, Formal.ENTITY);
        Set<String> generated = edges(d, RecordKind.WAS_GENERATED_BY, Formal.ENTITY, Formal.ACTIVITY);
        for (int i = 0; i < 3; i++) {
            String data = "data-" + Ids.hash("/work/" + i + "/part.txt", 16);
            assertTrue(used.contains(g + " -> " + data), used.toString());
            assertTrue(generated.contains(data + " -> " + rec.taskId("s" + i).local()), generated.toString());
        }
        Set<String> informed = edges(d, RecordKind.WAS_INFORMED_BY, Formal.INFORMED, Formal.INFORMANT);
        assertTrue(informed.contains(g + " -> " + rec.taskId("s2").local()), informed.toString());
        assertTrue(informed.contains(g + " -> workflow"));
        assertEquals(3, d.records(RecordKind.ENTITY).size());
    }

    @Test
    void sixteenThreadsRecordingAtOnceLoseAndDuplicateNothing() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "busy", "busy", T0);
        int threads = 16;
        int perThread = 2_000;
        DataRef shared = DataRef.of("/ref/genome.fa", "genome.fa");
        List<Thread> workers = new java.util.ArrayList<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String key = thread + "-" + i;
                        rec.task(TaskActivity.builder(key)
                                .label("T " + key)
                                .status("COMPLETED")
                                .start(T0)
                                .end(T0.plusSeconds(1))
                                .input(shared)
                                .input(i == 0 ? shared : DataRef.of("/w/" + thread + "/" + (i - 1), "o"))
                                .output(DataRef.of("/w/" + thread + "/" + i, "o"))
                                .build());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(null, failure.get());
        Document d = rec.finish("Completed", T0.plusSeconds(10));
        assertEquals(List.of(), Validator.validate(d));
        Set<QualifiedName> tasks = new HashSet<>();
        for (ProvRecord a : d.records(RecordKind.ACTIVITY)) {
            if (Vocab.LEVEL_TASK.equals(String.valueOf(a.attributes().first(Vocab.LEVEL)))) {
                assertTrue(tasks.add(a.id()), "one activity per task: " + a.id());
            }
        }
        assertEquals(threads * perThread, tasks.size());
        assertEquals(
                threads * perThread,
                d.records(RecordKind.WAS_GENERATED_BY).size(),
                "every output generated once by its task");
        // Each chain's tasks are informed by the previous one through the file it read.
        assertEquals(
                threads * (perThread - 1),
                d.records(RecordKind.WAS_INFORMED_BY).stream()
                        .filter(r -> !r.ref(Formal.INFORMANT).local().equals("workflow"))
                        .count());
    }

    @Test
    void consumerSeenBeforeProducerStillGetsItsDependency() {
        WorkflowRecorder rec = WorkflowRecorder.start("Beam", "order", "x", T0);
        DataRef f = DataRef.of("/tmp/x", "x");
        rec.task(TaskActivity.builder("b").input(f).build());
        rec.task(TaskActivity.builder("a").output(f).build());
        Document d = rec.finish("Completed", T0);
        assertTrue(edges(d, RecordKind.WAS_INFORMED_BY, Formal.INFORMED, Formal.INFORMANT)
                .contains("task-b -> task-a"));
    }

    @Test
    void rewrittenFileBecomesANewRevision() {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "rev", "x", T0);
        DataRef f = DataRef.of("/out/model.pt", "model.pt");
        rec.task(TaskActivity.builder("1").output(f).build());
        rec.task(TaskActivity.builder("2").output(f).build());
        Document d = rec.finish("Completed", T0);
        assertEquals(List.of(), Validator.validate(d), "one generation per entity");
        ProvRecord rev = d.records(RecordKind.WAS_DERIVED_FROM).get(0);
        assertEquals(Literal.qualifiedName(Prov.REVISION), rev.attributes().first(Prov.TYPE));
        assertTrue(rev.ref(Formal.GENERATED_ENTITY).local().endsWith("-v2"));
    }

    @Test
    void nestedParametersAreFlattenedIntoDottedNamesAndRedactedBySegmentAndByValue() {
        WorkflowRecorder rec = WorkflowRecorder.start(
                "Nextflow", "nested", "demo", T0, Redactor.defaults().withExtraNames(List.of("sheet")));
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("host", "db.internal");
        db.put("port", 5432);
        db.put("password", "hunter2");
        db.put("none", null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("db", db);
        params.put("aws", Map.of("secret_access_key", "AKIAxyz", "region", "eu-west-1"));
        params.put("samples", List.of("a.fq", Map.of("name", "b", "token", "t0k3n-abcdef")));
        params.put("inputs", Map.of("sheet", "/private/s.csv"));
        params.put("credentials", Map.of("user", "u"));
        params.put("remote", "https://alice:pa55word@data.example.org/x.csv");
        params.put("header", "Bearer abcdefghijklmnop");
        params.put("launch", "nextflow run main.nf --db_password hunter3 --reads x.fq");
        rec.parameters(params);
        ProvRecord wf = rec.finish("Completed", T0).element(rec.workflowId());
        Function<String, String> p = n -> {
            Literal l = wf.attributes().first(Vocab.ph("param." + n));
            return l == null ? null : l.lexical();
        };
        assertEquals("db.internal", p.apply("db.host"));
        assertEquals(Literal.of(5432), wf.attributes().first(Vocab.ph("param.db.port")));
        assertEquals(Redactor.MASK, p.apply("db.password"));
        assertEquals(null, p.apply("db.none"));
        assertEquals(Redactor.MASK, p.apply("aws.secret_access_key"));
        assertEquals("eu-west-1", p.apply("aws.region"));
        assertEquals("a.fq", p.apply("samples.0"));
        assertEquals("b", p.apply("samples.1.name"));
        assertEquals(Redactor.MASK, p.apply("samples.1.token"));
        assertEquals(Redactor.MASK, p.apply("inputs.sheet"), "an extra name matches a segment");
        assertEquals(Redactor.MASK, p.apply("credentials.user"), "a secret segment hides its whole subtree");
        assertEquals("https://alice:" + Redactor.MASK + "@data.example.org/x.csv", p.apply("remote"));
        assertEquals("Bearer " + Redactor.MASK, p.apply("header"));
        assertEquals("nextflow run main.nf --db_password " + Redactor.MASK + " --reads x.fq", p.apply("launch"));
        assertEquals(null, p.apply("db"), "no value for an inner node");
    }

    @Test
    void workflowCarriesYProv4WfsAttributesAgentsAndRedactedParameters() {
        WorkflowRecorder rec = WorkflowRecorder.start(
                "Nextflow", "happy_turing", "demo", T0, Redactor.defaults().withExtraNames(List.of("sampleSheet")));
        rec.engineVersion("24.10.0")
                .user("jdoe")
                .parameters(Map.of(
                        "db_password", "hunter2", "sampleSheet", "/private/s.csv", "reads", "*.fq", "author", "me"));
        rec.task(TaskActivity.builder("1")
                .attribute("secret_key", "abc")
                .attribute("cpus", 2)
                .build());
        Document d = rec.finish("Completed", T0.plusSeconds(5));
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord wf = d.element(rec.workflowId());
        assertEquals("0", wf.attributes().first(Vocab.LEVEL).lexical());
        assertEquals("Nextflow", wf.attributes().first(Vocab.ENGINE).lexical());
        assertEquals("Completed", wf.attributes().first(Vocab.STATUS).lexical());
        assertEquals(
                Redactor.MASK,
                wf.attributes().first(Vocab.ph("param.db_password")).lexical());
        assertEquals(
                Redactor.MASK,
                wf.attributes().first(Vocab.ph("param.sampleSheet")).lexical());
        assertEquals("*.fq", wf.attributes().first(Vocab.ph("param.reads")).lexical());
        assertEquals("me", wf.attributes().first(Vocab.ph("param.author")).lexical());
        ProvRecord task = d.element(rec.taskId("1"));
        assertEquals("1", task.attributes().first(Vocab.LEVEL).lexical());
        assertEquals(
                Redactor.MASK, task.attributes().first(Vocab.ph("secret_key")).lexical());
        assertEquals(Literal.of(2), task.attributes().first(Vocab.ph("cpus")));
        QualifiedName engine = rec.namespace().name("engine");
        assertTrue(d.element(engine).attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Prov.SOFTWARE_AGENT)));
        assertEquals(
                Set.of("engine -> user-jdoe"),
                edges(d, RecordKind.ACTED_ON_BEHALF_OF, Formal.DELEGATE, Formal.RESPONSIBLE));
        assertEquals(
                "https://provhooks.org/run/nextflow/happy_turing/",
                rec.namespace().uri());
    }

    @Test
    void publishedFileIsDerivedFromItsWorkFile() {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "pub", "x", T0);
        DataRef work = DataRef.of("/work/ab/out.txt", "out.txt");
        rec.task(TaskActivity.builder("1").output(work).build());
        rec.published(DataRef.of("/results/out.txt", "out.txt"), work);
        Document d = rec.finish("Completed", T0);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals(
                Set.of("data-" + Ids.hash("/results/out.txt", 16) + " -> data-" + Ids.hash("/work/ab/out.txt", 16)),
                edges(d, RecordKind.WAS_DERIVED_FROM, Formal.GENERATED_ENTITY, Formal.USED_ENTITY));
    }

    private static WorkflowRecorder sampleRun(WorkflowRecorder rec) {
        rec.user("jdoe").parameters(Map.of("n", 3));
        for (int i = 0; i < 20; i++) {
            rec.task(TaskActivity.builder("s" + i)
                    .label("SCATTER (" + i + ")")
                    .status("COMPLETED")
                    .start(T0)
                    .end(T0.plusSeconds(1))
                    .attribute("exit", 0)
                    .input(DataRef.of("/in/data.csv", "data.csv"))
                    .output(DataRef.of("/work/" + i + "/part.txt", "part.txt"))
                    .build());
        }
        TaskActivity.Builder g = TaskActivity.builder("g").label("GATHER").status("COMPLETED");
        for (int i = 0; i < 20; i++) {
            g.input(DataRef.of("/work/" + i + "/part.txt", "part.txt"));
        }
        rec.task(g.output(DataRef.of("/work/g/all.txt", "all.txt")).build());
        rec.published(DataRef.of("/results/all.txt", "all.txt"), DataRef.of("/work/g/all.txt", "all.txt"));
        return rec;
    }

    private static List<String> sortedRecords(Document d) {
        return d.records().map(ProvRecord::toString).sorted().toList();
    }

    @Test
    void spilledRunHasExactlyTheRecordsOfAnInMemoryRun(@TempDir Path dir) throws Exception {
        Document inMemory =
                sampleRun(WorkflowRecorder.start("Nextflow", "same", "x", T0)).finish("Completed", T0.plusSeconds(9));
        WorkflowRecorder spilled =
                WorkflowRecorder.start("Nextflow", "same", "x", T0).spillTo(dir);
        sampleRun(spilled);
        Document fromSpool = spilled.finish("Completed", T0.plusSeconds(9));
        assertEquals(List.of(), Validator.validate(fromSpool));
        assertEquals(inMemory.namespaces(), fromSpool.namespaces());
        assertEquals(sortedRecords(inMemory), sortedRecords(fromSpool));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        spilled.finishStreaming("Completed", T0.plusSeconds(9)).writeTo(out, true);
        assertEquals(
                sortedRecords(inMemory),
                sortedRecords(ProvJsonReader.read(new ByteArrayInputStream(out.toByteArray()))),
                "the streamed form is the same document");
        spilled.close();
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "close() removes the spool");
        }
    }

    @Test
    void idsAreStableAndSafe() {
        assertEquals("TRAIN__1_-" + Ids.hash("TRAIN (1)", 6), Ids.safeLocal("TRAIN (1)"));
        assertEquals("plain-name.x", Ids.safeLocal("plain-name.x"));
        assertEquals(Ids.safeLocal("a b"), Ids.safeLocal("a b"));
        assertTrue(!Ids.safeLocal("a b").equals(Ids.safeLocal("a_b")));
        DataRef file = DataRef.file(Path.of("relative/../x.txt"));
        assertTrue(Path.of(file.key()).isAbsolute());
        assertEquals("x.txt", file.label());
    }

    @Test
    void documentIdsFollowTheServerRules() {
        for (String raw : List.of(
                "happy_turing", "Run 1", "9lives", "ab", "a".repeat(200), "manual__2025-01-01T10:00:00+00:00")) {
            String id = DocumentIds.derive(raw);
            assertTrue(DocumentIds.isValid(id), raw + " -> " + id);
            assertEquals(id, DocumentIds.derive(raw), "deterministic");
        }
        assertEquals("my-run.1", DocumentIds.derive("my-run.1"));
        assertTrue(!DocumentIds.derive("Run_1").equals(DocumentIds.derive("run-1")));
    }

    @Test
    void aSpilledRunOfThousandsOfChainedTasksSharingAnInputIsValid(@TempDir Path spool) throws Exception {
        WorkflowRecorder rec =
                WorkflowRecorder.start("Nextflow", "long_run", "long", T0).spillTo(spool);
        for (int i = 0; i < 3_000; i++) {
            TaskActivity.Builder b = TaskActivity.builder(Integer.toString(i))
                    .label("STEP (" + i + ")")
                    .status("COMPLETED")
                    .input(DataRef.of("/ref/genome.fa", "genome.fa"))
                    .output(DataRef.of("/w/" + i + "/out.bam", "out.bam"));
            if (i > 0) {
                b.input(DataRef.of("/w/" + (i - 1) + "/out.bam", "out.bam"));
            }
            rec.task(b.build());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rec.finishStreaming("Completed", T0.plusSeconds(60)).writeTo(out, false);
        rec.close();
        assertEquals(List.of(), Validator.validate(new ByteArrayInputStream(out.toByteArray()), "long_run"));
        Document d = ProvJsonReader.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(3_000 * 2 - 1, d.records(RecordKind.USED).size());
        assertEquals(3_001, d.records(RecordKind.ENTITY).size(), "one entity per file, the shared one included");
    }
}
