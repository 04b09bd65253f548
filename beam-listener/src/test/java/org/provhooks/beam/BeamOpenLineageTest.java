package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.openlineage.LineageBackend;
import org.provhooks.core.openlineage.LineageEvents;
import org.provhooks.core.workflow.Vocab;

/**
 * The {@code openlineage} output of a Beam word count on the DirectRunner, sent to a local HTTP backend (WireMock): the
 * pipeline run and one job per transform, each under the pipeline run, with its PCollections and files as datasets; a
 * backend that is down changes nothing in the pipeline's result or its PROV document.
 */
class BeamOpenLineageTest {
    @TempDir
    Path dir;

    private LineageBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aWordCountIsSeenByALineageBackendTransformByTransform() throws Exception {
        backend = LineageBackend.start(200);
        Path in = TestPipelines.input(dir);
        ProvenanceOptions o = TestPipelines.options(
                dir,
                "--provenanceOutputs=prov,openlineage",
                "--provenanceOpenLineageUrl=" + backend.url(),
                "--provenanceOpenLineageNamespace=analytics");
        PipelineResult r =
                TestPipelines.wordCount(o, in, dir.resolve("out/counts")).run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());

        Document d = TestPipelines.document(o);
        List<RunEvent> events = backend.events();
        long transforms = d.records(RecordKind.ACTIVITY).stream()
                .filter(a ->
                        Vocab.LEVEL_TASK.equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                .count();
        Map<UUID, List<EventType>> byRun = new HashMap<>();
        events.forEach(e -> byRun.computeIfAbsent(e.getRun().getRunId(), k -> new ArrayList<>())
                .add(e.getEventType()));
        assertEquals(transforms + 1, byRun.size(), "the pipeline run and one run per transform");
        byRun.values().forEach(t -> assertEquals(List.of(EventType.START, EventType.COMPLETE), t));
        UUID pipeline = LineageEvents.runUuid("Apache Beam", o.getJobName());
        for (RunEvent e : events) {
            assertEquals("analytics", e.getJob().getNamespace());
            assertEquals("BEAM", e.getJob().getFacets().getJobType().getIntegration());
            if (!e.getRun().getRunId().equals(pipeline)) {
                assertEquals(
                        pipeline, e.getRun().getFacets().getParent().getRun().getRunId());
                assertTrue(
                        e.getJob().getName().startsWith(o.getJobName() + "."),
                        e.getJob().getName());
            }
        }
        // Datasets: the PCollections in the pipeline's namespace, and exactly the files the PROV document records.
        Set<String> files = new TreeSet<>();
        Set<String> pcollections = new TreeSet<>();
        events.forEach(e -> {
            e.getInputs()
                    .forEach(i -> (i.getNamespace().startsWith("beam://") ? pcollections : files).add(i.getName()));
            e.getOutputs()
                    .forEach(x -> (x.getNamespace().startsWith("beam://") ? pcollections : files).add(x.getName()));
        });
        assertTrue(pcollections.stream().anyMatch(p -> p.startsWith("CountWords")), pcollections.toString());
        Set<String> recorded = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.DATA)))
                .map(e -> e.attributes().first(Prov.LOCATION).lexical())
                .filter(l -> l.startsWith("/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(recorded, files);
        assertTrue(files.stream().anyMatch(f -> f.contains("counts-")), files.toString());
    }

    @Test
    void aBackendThatIsDownChangesNothing() throws Exception {
        Path in = TestPipelines.input(dir);
        ProvenanceOptions o = TestPipelines.options(
                dir, "--provenanceOutputs=prov,openlineage", "--provenanceOpenLineageUrl=http://localhost:9");
        PipelineResult r =
                TestPipelines.wordCount(o, in, dir.resolve("out/counts")).run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
        Document d = TestPipelines.document(o);
        assertEquals(
                "DONE",
                TestPipelines.workflow(d).attributes().first(Vocab.STATUS).lexical());
    }
}
