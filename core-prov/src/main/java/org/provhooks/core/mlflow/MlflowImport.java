package org.provhooks.core.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.provhooks.core.ml.MlRun;

/**
 * Turns MLflow runs into yProv4ML run documents, one per run, with the writer ProvHooks uses for its own runs
 * ({@link MlRun}): parameters, every metric with its full history (step, value, timestamp; in the Training,
 * Validation or Testing context by its name), tags, artifacts listed by their URIs (not downloaded), start, end, status
 * and user. The run activity also names where it came from ({@code provhooks:mlflow_run_id}, {@code mlflow_experiment},
 * {@code mlflow_tracking_uri}). Deleted runs are left out (and said so).
 *
 * <!-- given: MlflowRest mlflow | import java.util.List -->
 * <pre>{@code
 * MlflowImport.Result r = new MlflowImport(mlflow, "http://localhost:5000", System.out::println)
 *         .importExperiment("churn", List.of(), Path.of("imported"));
 * }</pre>
 */
public final class MlflowImport {
    private final MlflowRest mlflow;
    private final String trackingUri;
    private final Consumer<String> progress;

    /**
     * @param documents the run documents written
     * @param skipped   one line per run left out, and why
     */
    public record Result(List<Path> documents, List<String> skipped) {}

    public MlflowImport(MlflowRest mlflow, String trackingUri, Consumer<String> progress) {
        this.mlflow = mlflow;
        this.trackingUri = trackingUri;
        this.progress = progress;
    }

    /**
     * Imports the runs of experiment {@code name} (only {@code runIds} when not empty) into {@code outDir}.
     *
     * @throws IOException (one line) when the experiment, a run or the output directory cannot be read or written
     */
    public Result importExperiment(String name, List<String> runIds, Path outDir) throws IOException {
        JsonNode experiment = mlflow.experimentByName(name);
        String experimentId = experiment.path("experiment_id").asText();
        List<JsonNode> runs = new ArrayList<>();
        if (runIds.isEmpty()) {
            runs.addAll(mlflow.runs(experimentId, true));
        } else {
            for (String id : runIds) {
                JsonNode run = mlflow.run(id);
                if (!experimentId.equals(run.path("info").path("experiment_id").asText())) {
                    throw new MlflowRest.MlflowException(
                            "run " + id + " is not in experiment '" + name + "' (id " + experimentId + ")");
                }
                runs.add(run);
            }
        }
        List<Path> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int i = 0;
        for (JsonNode run : runs) {
            i++;
            JsonNode info = run.path("info");
            String id = info.path("run_id").asText(info.path("run_uuid").asText());
            if ("deleted".equals(info.path("lifecycle_stage").asText())) {
                skipped.add("run " + id + " (" + info.path("run_name").asText("") + ") is deleted in MLflow");
                continue;
            }
            Path doc = write(name, experimentId, run, outDir);
            written.add(doc);
            progress.accept("[" + i + "/" + runs.size() + "] run " + id + " -> " + doc);
        }
        return new Result(written, skipped);
    }

    private Path write(String experimentName, String experimentId, JsonNode run, Path outDir) throws IOException {
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        String runId = info.path("run_id").asText(info.path("run_uuid").asText());
        Instant start = Instant.ofEpochMilli(info.path("start_time").asLong(0));
        Instant end = info.hasNonNull("end_time")
                ? Instant.ofEpochMilli(info.path("end_time").asLong())
                : start;
        SettableClock clock = new SettableClock(start);
        MlRun ml = MlRun.start(outDir, safe(experimentName), clock, Map.of());
        ml.codeFrom(null)
                .user(info.path("user_id").asText(null))
                .runAttribute("mlflow_run_id", runId)
                .runAttribute("mlflow_run_name", info.path("run_name").asText(null))
                .runAttribute("mlflow_experiment", experimentName)
                .runAttribute("mlflow_experiment_id", experimentId)
                .runAttribute("mlflow_tracking_uri", trackingUri)
                .runAttribute("mlflow_status", info.path("status").asText(null))
                .runAttribute("status", status(info.path("status").asText("")))
                .runAttribute("mlflow_artifact_uri", info.path("artifact_uri").asText(null));
        for (JsonNode p : data.path("params")) {
            ml.logParam(safe(p.path("key").asText()), p.path("value").asText());
        }
        for (JsonNode t : data.path("tags")) {
            String key = t.path("key").asText();
            if (!key.startsWith("mlflow.log-model")) { // the model's whole description: an artifact, not a tag
                ml.runAttribute("mlflow_tag." + safe(key), t.path("value").asText());
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        data.path("metrics").forEach(m -> keys.add(m.path("key").asText()));
        for (String key : keys) {
            String metric = safe(key);
            String context = context(key);
            for (JsonNode point : mlflow.metricHistory(runId, key)) {
                clock.set(Instant.ofEpochMilli(point.path("timestamp").asLong(start.toEpochMilli())));
                ml.logMetric(
                        metric,
                        point.path("value").asDouble(Double.NaN),
                        context,
                        point.path("step").asLong(0));
            }
        }
        String artifactRoot = info.path("artifact_uri").asText("");
        mlflow.artifacts(
                runId,
                f -> ml.logArtifactReference(
                        artifactRoot
                                + (artifactRoot.endsWith("/") ? "" : "/")
                                + f.path("path").asText(),
                        MlRun.Direction.OUTPUT,
                        f.hasNonNull("file_size") ? f.path("file_size").asLong() : null));
        clock.set(end);
        return ml.endRun();
    }

    /** MLflow's run status as the workflow systems say it. */
    static String status(String mlflowStatus) {
        return switch (mlflowStatus) {
            case "FINISHED" -> "Completed";
            case "FAILED" -> "Failed";
            case "KILLED" -> "Aborted";
            case "RUNNING", "SCHEDULED" -> "Running";
            default -> mlflowStatus;
        };
    }

    /** yProv4ML's context of a metric, from MLflow's usual key names ({@code val_loss}, {@code test/acc}). */
    static String context(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.startsWith("val") || k.contains("_val") || k.contains("/val") || k.contains("valid")) {
            return MlRun.VALIDATION;
        }
        if (k.startsWith("test") || k.contains("_test") || k.contains("/test")) {
            return MlRun.TESTING;
        }
        return MlRun.TRAINING;
    }

    /** A name yProv4ML's files and ids accept (letters, digits, '.', '_', '-'). */
    static String safe(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return out.isEmpty() ? "_" : out;
    }

    /** The writer takes its times from a clock: this one shows each imported moment in turn. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
