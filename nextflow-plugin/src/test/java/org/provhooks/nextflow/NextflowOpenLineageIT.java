package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Path;
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
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.openlineage.LineageBackend;
import org.provhooks.core.openlineage.LineageEvents;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.ProvQueries;

/**
 * The {@code openlineage} output on a real Nextflow run sending to a local HTTP backend (WireMock): every event read back
 * with openlineage-java's model; one START and one end per run, every task run under the workflow run, the files of the
 * PROV document as datasets, the ignored failure as FAIL with its error; a backend answering 500 changes nothing.
 */
class NextflowOpenLineageIT {
    private static final String PIPELINE = """
            process ALIGN {
              publishDir 'results', mode: 'copy'
              input: val i
              output: path "a${i}.txt"
              script: "echo ${i} > a${i}.txt"
            }
            process QC {
              errorStrategy 'ignore'
              input: path f
              output: path 'qc.txt'
              script: "if grep -q 2 ${f}; then echo 'bad sample' >&2; exit 5; fi; echo ok > qc.txt"
            }
            workflow { ALIGN(Channel.of(1, 2)) | QC }
            """;

    @TempDir
    Path dir;

    private LineageBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    private NextflowRun.Result run(Path launch, int status) throws Exception {
        backend = LineageBackend.start(status);
        NextflowRun.prepare(
                launch,
                PIPELINE,
                "provhooks { outputs = ['prov', 'openlineage']; openlineage { url = '" + backend.url()
                        + "'; namespace = 'lab' } }");
        return NextflowRun.launch(launch, Map.of());
    }

    @Test
    void aRealRunIsSeenByALineageBackendTaskByTask() throws Exception {
        NextflowRun.Result r = run(dir, 201);
        assertEquals(0, r.exitCode(), r.console());
        Document d = r.read();
        List<RunEvent> events = backend.events();
        int tasks = ProvQueries.atLevel(d, Vocab.LEVEL_TASK).size();
        assertEquals(4, tasks);
        assertEquals(2 * (tasks + 1), events.size(), events.toString());
        assertTrue(r.console().contains("openlineage: " + events.size() + " events sent"), r.console());
        Map<UUID, List<EventType>> byRun = new HashMap<>();
        events.forEach(e -> byRun.computeIfAbsent(e.getRun().getRunId(), k -> new ArrayList<>())
                .add(e.getEventType()));
        assertEquals(tasks + 1, byRun.size());
        byRun.values().forEach(types -> {
            assertEquals(EventType.START, types.get(0), types.toString());
            assertEquals(2, types.size(), types.toString());
        });
        String runName = r.document("provenance").getFileName().toString().replace(".prov.json", "");
        UUID workflow = LineageEvents.runUuid("Nextflow", runName);
        for (RunEvent e : events) {
            assertEquals("lab", e.getJob().getNamespace());
            assertTrue(e.getEventTime() != null && e.getProducer() != null && e.getSchemaURL() != null);
            if (!e.getRun().getRunId().equals(workflow)) {
                assertEquals(
                        workflow,
                        e.getRun().getFacets().getParent().getRun().getRunId(),
                        e.getJob().getName());
            }
        }
        // Task starts came live, before the tasks ended: ALIGN's START precedes QC's end.
        RunEvent qcFail = events.stream()
                .filter(e -> e.getEventType() == EventType.FAIL
                        && e.getJob().getName().endsWith(".QC"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no FAIL for QC: " + events));
        assertEquals(
                "exit status 5", qcFail.getRun().getFacets().getErrorMessage().getMessage());
        assertEquals(
                EventType.COMPLETE,
                events.stream()
                        .filter(e -> e.getRun().getRunId().equals(workflow))
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .getEventType());
        // Datasets: exactly the data files the PROV document records (publishing is not a task; the host telemetry
        // series are not the workflow's data).
        Set<String> datasets = new TreeSet<>();
        events.forEach(e -> {
            e.getInputs().forEach(i -> datasets.add(i.getName()));
            e.getOutputs().forEach(o -> datasets.add(o.getName()));
        });
        Set<String> files = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().first(Vocab.ph("published")) == null)
                .filter(e -> e.attributes()
                        .get(Prov.TYPE)
                        .contains(org.provhooks.core.model.Literal.qualifiedName(Vocab.DATA)))
                .map(e -> e.attributes().first(Prov.LOCATION))
                .filter(l -> l != null && l.lexical().startsWith("/"))
                .map(l -> l.lexical())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, datasets);
    }

    @Test
    void aBackendAnswering500ChangesNothingInTheRunOrItsDocument() throws Exception {
        Path plain = dir.resolve("plain");
        NextflowRun.prepare(plain, PIPELINE, "provhooks { outputs = ['prov'] }");
        NextflowRun.Result without = NextflowRun.launch(plain, Map.of());
        NextflowRun.Result with = run(dir.resolve("failing"), 500);
        assertEquals(without.exitCode(), with.exitCode(), with.console());
        assertTrue(with.console().contains("openlineage: 0 events sent"), with.console());
        Path doc = with.document("provenance");
        assertEquals(List.of(), Validator.validate(doc));
        assertEquals(
                ProvQueries.atLevel(without.read(), Vocab.LEVEL_TASK).size(),
                ProvQueries.atLevel(with.read(), Vocab.LEVEL_TASK).size());
    }

    /**
     * With no URL set, OpenLineage's own configuration decides, as its client reads it: the file transport from
     * {@code OPENLINEAGE__TRANSPORT__…} variables, the console transport from an {@code openlineage.yml}.
     */
    @Test
    void openLineagesOwnConfigurationIsUsedWhenNoUrlIsSet() throws Exception {
        Path a = dir.resolve("file");
        Path events = dir.resolve("events.jsonl");
        NextflowRun.prepare(a, PIPELINE, "provhooks { outputs = ['prov', 'openlineage'] }");
        NextflowRun.Result r = NextflowRun.launch(
                a,
                Map.of("OPENLINEAGE__TRANSPORT__TYPE", "file", "OPENLINEAGE__TRANSPORT__LOCATION", events.toString()));
        assertEquals(0, r.exitCode(), r.console());
        int tasks = ProvQueries.atLevel(r.read(), Vocab.LEVEL_TASK).size();
        List<String> lines = java.nio.file.Files.readAllLines(events).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertEquals(2 * (tasks + 1), lines.size(), lines.toString());
        lines.forEach(l -> assertEquals(
                "nextflow", OpenLineageClientUtils.runEventFromJson(l).getJob().getNamespace()));

        Path b = dir.resolve("console");
        NextflowRun.prepare(b, PIPELINE, "provhooks { outputs = ['prov', 'openlineage'] }");
        java.nio.file.Files.writeString(b.resolve("openlineage.yml"), "transport:\n  type: console\n");
        NextflowRun.Result c = NextflowRun.launch(b, Map.of());
        assertEquals(0, c.exitCode(), c.console());
        String log = java.nio.file.Files.readString(b.resolve(".nextflow.log"));
        assertEquals(
                2 * (tasks + 1),
                log.lines().filter(l -> l.contains("\"eventType\":")).count(),
                "one logged event per START and end");
    }

    /**
     * {@code openlineage { file = '…' }} with a relative path, as users write it in {@code nextflow.config}: the events
     * go to that file under the launch directory (OpenLineage's file transport alone cannot write a bare relative
     * name), and the summary names the absolute path.
     */
    @Test
    void aRelativeEventsFileIsWrittenUnderTheLaunchDirectory() throws Exception {
        Path a = dir.resolve("relative");
        NextflowRun.prepare(
                a,
                PIPELINE,
                "provhooks { outputs = ['prov', 'openlineage']; openlineage { file = 'lineage/events.jsonl' } }");
        NextflowRun.Result r = NextflowRun.launch(a, Map.of());
        assertEquals(0, r.exitCode(), r.console());
        Path events = a.resolve("lineage/events.jsonl").toRealPath();
        int tasks = ProvQueries.atLevel(r.read(), Vocab.LEVEL_TASK).size();
        List<String> lines = java.nio.file.Files.readAllLines(events).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertEquals(2 * (tasks + 1), lines.size(), r.console());
        assertTrue(r.console().contains((2 * (tasks + 1)) + " events sent to " + events), r.console());
    }
}
