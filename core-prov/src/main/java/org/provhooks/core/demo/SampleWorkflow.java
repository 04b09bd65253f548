package org.provhooks.core.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.ml.MalformedRunDocumentException;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.model.Document;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * A small, self-contained multi-level run for the {@code provhooks demo} command: a three-task workflow
 * (prepare → train → evaluate) whose training task writes a yProv4ML run document with the core's
 * {@link MlRun} writer, linked to its task.
 *
 * <pre>{@code
 * SampleWorkflow.Result r = SampleWorkflow.write(Path.of("provenance"), System.out::println);
 * }</pre>
 */
public final class SampleWorkflow {
    /** Where the demo's documents are. */
    public record Result(Path workflowDocument, Path mlRunDocument, Document workflow) {}

    private SampleWorkflow() {}

    public static Result write(Path outDir, Consumer<String> progress)
            throws IOException, MalformedRunDocumentException {
        Path data = outDir.resolve("demo-data");
        Files.createDirectories(data);
        Instant t0 = Instant.now();
        WorkflowRecorder rec =
                WorkflowRecorder.start("ProvHooks demo", "demo-" + t0.toEpochMilli(), "sample ML workflow", t0);
        rec.engineVersion("0.1.0")
                .user(System.getProperty("user.name", "unknown"))
                .parameters(Map.of("epochs", 3, "learning_rate", 0.05, "api_token", "not-for-documents"));

        progress.accept("[1/3] prepare: writing samples.csv");
        Path samples = data.resolve("samples.csv");
        Random rnd = new Random(42);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            double x = rnd.nextDouble();
            csv.append(x).append(',').append(x > 0.5 ? 1 : 0).append('\n');
        }
        Files.writeString(samples, csv, StandardCharsets.UTF_8);
        Instant t1 = Instant.now();
        rec.task(TaskActivity.builder("prepare")
                .label("PREPARE")
                .status("COMPLETED")
                .start(t0)
                .end(t1)
                .attribute("process", "PREPARE")
                .attribute("exit", 0)
                .output(DataRef.file(samples))
                .build());

        progress.accept("[2/3] train: 3 epochs, writing a yProv4ML run document");
        Path model = data.resolve("model.bin");
        Path mlDoc;
        Instant t2;
        try (MlRun run = MlRun.start(outDir.resolve("ml"), "train", Clock.systemUTC(), rec.environmentFor("train"))) {
            run.logParam("epochs", 3).logParam("learning_rate", 0.05);
            run.logArtifact(samples, MlRun.Direction.INPUT);
            double loss = 0.9;
            for (int epoch = 0; epoch < 3; epoch++) {
                loss *= 0.6;
                run.logMetric("loss", loss, MlRun.TRAINING, epoch);
                run.logMetric("accuracy", 1 - loss / 2, MlRun.TRAINING, epoch);
                run.logMetric("loss", loss * 1.1, MlRun.VALIDATION, epoch);
            }
            Files.write(model, ("weights " + loss).getBytes(StandardCharsets.UTF_8));
            run.logModel(model);
            mlDoc = run.endRun();
        }
        t2 = Instant.now();
        rec.task(TaskActivity.builder("train")
                .label("TRAIN")
                .status("COMPLETED")
                .start(t1)
                .end(t2)
                .attribute("process", "TRAIN")
                .attribute("exit", 0)
                .input(DataRef.file(samples))
                .output(DataRef.file(model))
                .build());
        rec.linkMlRun("train", mlDoc);

        progress.accept("[3/3] evaluate: writing report.txt");
        Path report = data.resolve("report.txt");
        Files.writeString(report, "accuracy on samples: 0.91\n", StandardCharsets.UTF_8);
        Instant t3 = t2.plus(Duration.ofMillis(
                Math.max(1, Duration.between(t2, Instant.now()).toMillis())));
        rec.task(TaskActivity.builder("evaluate")
                .label("EVALUATE")
                .status("COMPLETED")
                .start(t2)
                .end(t3)
                .attribute("process", "EVALUATE")
                .attribute("exit", 0)
                .input(DataRef.file(model))
                .input(DataRef.file(samples))
                .output(DataRef.file(report))
                .build());

        Document doc = rec.finish("Completed", t3);
        Path wfDoc = outDir.resolve("demo-workflow.prov.json");
        ProvJsonWriter.pretty().write(doc, wfDoc);
        return new Result(wfDoc, mlDoc, doc);
    }
}
