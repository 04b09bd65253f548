package org.provhooks.core.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.workflow.WorkflowRecorder;

class MlRunTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void writesTheYProv4MLLayoutWithMetricFilesAndArtifacts(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.bin");
        Files.writeString(model, "weights");
        Path doc;
        try (MlRun run = MlRun.start(dir.resolve("prov"), "mnist", CLOCK, Map.of())) {
            run.logParam("epochs", 2).logParam("lr", 0.01);
            run.logMetric("loss", 0.5, MlRun.TRAINING, 0).logMetric("loss", 0.25, MlRun.TRAINING, 1);
            run.logMetric("acc", 0.9, MlRun.VALIDATION, 1);
            run.logModel(model);
            doc = run.endRun();
        }
        assertEquals(dir.resolve("prov/mnist_0/prov_mnist_GR0_0.json"), doc);
        Path csv = dir.resolve("prov/mnist_0/metrics_GR0/loss_Training_None_GR0.csv");
        assertEquals(
                List.of("loss,Training,None", "0,0.5,1740823200000", "1,0.25,1740823200000"), Files.readAllLines(csv));
        assertEquals(List.of(), Validator.validate(doc));

        Document d = ProvJsonReader.read(doc);
        MlRunInfo info = RunDocumentRecognizer.recognize(d).orElseThrow();
        assertEquals(MlRunInfo.Generation.CURRENT, info.generation());
        assertEquals("mnist_GR0_0", info.runName());
        assertEquals("mnist", info.experiment());
        assertEquals(List.of("Training", "Validation"), info.contexts());
        assertEquals(2, info.metrics());
        assertNull(info.parentTask());

        ProvRecord metric = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.id().local().equals("loss/Training"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "metrics_GR0/loss_Training_None_GR0.csv",
                metric.attributes().first(Vocab.DCTERMS.name("identifier")).lexical());
        ProvRecord copy = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.id().local().equals("model.bin/mnist_GR0_0"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Hashing.sha256(model),
                copy.attributes().first(Vocab.ph("sha256")).lexical());
        assertEquals(Literal.of(7L), copy.attributes().first(Vocab.YPROV.name("file_size")));
        assertTrue(copy.attributes().get(Prov.TYPE).contains(Literal.of("provml:Model")));
        assertTrue(Files.exists(dir.resolve("prov/mnist_0/artifacts_GR0/model.bin")));
    }

    @Test
    void secondRunOfAnExperimentGetsTheNextNumber(@TempDir Path dir) throws Exception {
        try (MlRun a = MlRun.start(dir, "exp", CLOCK, Map.of());
                MlRun b = MlRun.start(dir, "exp", CLOCK, Map.of())) {
            assertEquals("exp_GR0_0", a.runName());
            assertEquals("exp_GR0_1", b.runName());
        }
    }

    @Test
    void namesItsParentTaskFromTheEnvironmentAndLinksBack(@TempDir Path dir) throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "happy_turing", "wf", CLOCK.instant());
        Path doc;
        try (MlRun run = MlRun.start(dir, "train", CLOCK, rec.environmentFor("7"))) {
            run.logMetric("loss", 1.0, MlRun.TRAINING, 0);
            doc = run.endRun();
        }
        MlRunInfo info =
                RunDocumentRecognizer.recognize(ProvJsonReader.read(doc)).orElseThrow();
        assertEquals(rec.taskId("7").uri(), info.parentTask().uri());
        rec.task(TaskActivity.builder("7").label("TRAIN").build());
        rec.linkMlRun("7", doc);
        Document wf = rec.finish("Completed", CLOCK.instant());
        assertEquals(List.of(), Validator.validate(wf));
        RunDocumentRecognizerTest.assertLinked(wf, info.runActivity(), rec.taskId("7"));
    }

    @Test
    void badNamesAreRefusedClearly(@TempDir Path dir) throws Exception {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MlRun.start(dir, "my exp", CLOCK, Map.of()));
        assertTrue(e.getMessage().contains("'my exp'"), e.getMessage());
        try (MlRun run = MlRun.start(dir, "ok", CLOCK, Map.of())) {
            assertThrows(IllegalArgumentException.class, () -> run.logMetric("a,b", 1, MlRun.TRAINING, 0));
        }
    }
}
