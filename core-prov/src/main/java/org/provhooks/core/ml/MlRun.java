package org.provhooks.core.ml;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.provhooks.core.code.CodeState;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordBuilder;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.workflow.Vocab;

/**
 * Writes a yProv4ML run document (current generation) from Java code, with an MLflow-like API.
 *
 * <!-- given: double loss -->
 * <pre>{@code
 * try (MlRun run = MlRun.start(Path.of("prov"), "mnist")) {
 *     run.logParam("epochs", 5);
 *     for (int epoch = 0; epoch < 5; epoch++) {
 *         run.logMetric("loss", loss, MlRun.TRAINING, epoch);
 *     }
 *     run.logModel(Path.of("model.bin"));
 * }   // endRun(): writes prov/mnist_0/prov_mnist_GR0_0.json
 * }</pre>
 *
 * Layout (yProv4ML): a run directory {@code <experiment>_<n>} holding {@code prov_<experiment>_GR0_<n>.json},
 * {@code metrics_GR0/<metric>_<context>_<source>_GR0.csv} (first line {@code name,context,source} values,
 * then one {@code epoch,value,timestamp-ms} line per logged value) and {@code artifacts_GR0/} with copies of
 * logged files. Metric values stay in the CSV files; the graph has one entity per (metric, context).
 * When the environment carries {@value Vocab#ENV_RUN_NAMESPACE} and {@value Vocab#ENV_TASK_ID} (set by a
 * ProvHooks adapter for the task), the document also names its parent workflow task.
 */
public final class MlRun implements Closeable {
    public static final String TRAINING = "Training";
    public static final String VALIDATION = "Validation";
    public static final String TESTING = "Testing";
    private static final int RANK = 0;

    /** Whether an artifact was read or written by the run. */
    public enum Direction {
        INPUT,
        OUTPUT
    }

    private final Path runDir;
    private final String experiment;
    private final int number;
    private final String runName;
    private final String pid;
    private final Namespace ns;
    private final Clock clock;
    private final Instant start;
    private final Map<String, String> env;
    private final DocumentAssembler doc = new DocumentAssembler();
    private final Map<String, MetricFile> series = new LinkedHashMap<>();
    private final Map<String, QualifiedName> contexts = new LinkedHashMap<>();
    private final QualifiedName runId;
    private final Map<String, Object> runAttributes = new LinkedHashMap<>();
    private String user = System.getProperty("user.name", "unknown");
    private Path codeDir = Path.of("").toAbsolutePath();
    private MetricFormat metricFormat;
    private Path documentPath;

    private MlRun(Path provDir, String experiment, Clock clock, Map<String, String> env) throws IOException {
        if (experiment == null || experiment.isBlank() || !experiment.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("experiment name '" + experiment
                    + "' must be non-empty and use only letters, digits, '.', '_' and '-'");
        }
        this.experiment = experiment;
        this.clock = clock;
        this.env = env;
        this.metricFormat = MetricFormat.fromEnvironment(env);
        Files.createDirectories(provDir);
        int n = 0;
        Path dir;
        while (true) {
            dir = provDir.resolve(experiment + "_" + n);
            try {
                Files.createDirectory(dir);
                break;
            } catch (FileAlreadyExistsException e) {
                n++;
            }
        }
        this.runDir = dir;
        this.number = n;
        this.runName = experiment + "_GR" + RANK + "_" + n;
        this.pid = UUID.randomUUID().toString();
        this.ns = new Namespace(Namespace.DEFAULT_PREFIX, "https://provhooks.org/mlrun/" + pid + "/");
        this.runId = ns.name(runName);
        this.start = clock.instant();
        doc.declare(Vocab.YPROV).declare(Vocab.PROVML).declare(Vocab.DCTERMS).declare(ns);
    }

    /** Starts a run of {@code experiment} under {@code provDir}, reading the parent task from the environment. */
    public static MlRun start(Path provDir, String experiment) throws IOException {
        return new MlRun(provDir, experiment, Clock.systemUTC(), System.getenv());
    }

    /** As {@link #start(Path, String)} with an explicit clock and environment (for tests and embedding). */
    public static MlRun start(Path provDir, String experiment, Clock clock, Map<String, String> env)
            throws IOException {
        return new MlRun(provDir, experiment, clock, env);
    }

    public Path runDirectory() {
        return runDir;
    }

    public String runName() {
        return runName;
    }

    public String pid() {
        return pid;
    }

    /** The run document's path; known after {@link #endRun()}. */
    public Path documentPath() {
        return documentPath;
    }

    /**
     * How metric series are stored from now on: CSV (the default) or Zarr ({@value MetricFormat#ENV} sets the default).
     * The PROV document is the same size either way: values live in the series files.
     */
    public synchronized MlRun metricFormat(MetricFormat format) {
        this.metricFormat = format;
        return this;
    }

    /** An attribute of the run activity, written {@code provhooks:<name>} (e.g. where an imported run came from). */
    public synchronized MlRun runAttribute(String name, Object value) {
        if (value != null) {
            runAttributes.put(name, value);
        }
        return this;
    }

    /** Who ran it (the run's agent); the system user by default. */
    public synchronized MlRun user(String name) {
        if (name != null && !name.isBlank()) {
            this.user = name;
        }
        return this;
    }

    /**
     * Where the run's code is: the state of its git repository is recorded at the end (commit, branch, uncommitted
     * changes). The working directory by default; null records none (a run imported from elsewhere).
     */
    public synchronized MlRun codeFrom(Path dir) {
        this.codeDir = dir;
        return this;
    }

    /** A file the run read or wrote that stays where it is (e.g. in an artifact store): listed by URI, not copied. */
    public synchronized MlRun logArtifactReference(String uri, Direction direction, Long size) {
        String role = direction.name().toLowerCase(Locale.ROOT);
        QualifiedName id = ns.name(safe(uri) + "/" + runName);
        RecordBuilder e = Prov.entity(id)
                .label(uri.substring(uri.lastIndexOf('/') + 1))
                .attr(Prov.ROLE, role)
                .attr(Vocab.DCTERMS.name("identifier"), uri)
                .attr(Prov.LOCATION, uri);
        if (size != null) {
            e.attr(Vocab.YPROV.name("file_size"), size);
        }
        doc.add(e);
        doc.add(direction == Direction.INPUT ? Prov.used(runId, id) : Prov.wasGeneratedBy(id, runId));
        return this;
    }

    /** A hyper-parameter (an input of the run). */
    public synchronized MlRun logParam(String key, Object value) {
        doc.add(Prov.entity(ns.name(key))
                .label(key)
                .attr(Prov.VALUE, String.valueOf(value))
                .attr(Prov.TYPE, Vocab.PROVML.name("HyperParameter").text()));
        doc.add(Prov.used(runId, ns.name(key)));
        return this;
    }

    /** One value of a metric time series; {@code step} is the epoch or step. The value goes to the CSV file. */
    public synchronized MlRun logMetric(String name, double value, String context, long step) {
        checkName("metric", name);
        checkName("context", context);
        context(context);
        try {
            MetricFile s = series.get(name + "\u0000" + context);
            if (s == null) {
                s = MetricFile.create(runDir.resolve("metrics_GR" + RANK), name, context, "None", metricFormat);
                series.put(name + "\u0000" + context, s);
            }
            s.append(step, value, clock.millis());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metric " + name + " of run " + runName, e);
        }
        return this;
    }

    /** A file the run read ({@code INPUT}) or wrote ({@code OUTPUT}); it is copied into the run directory. */
    public synchronized MlRun logArtifact(Path file, Direction direction) throws IOException {
        return artifact(file, direction, false);
    }

    /** A model file the run wrote. */
    public synchronized MlRun logModel(Path file) throws IOException {
        return artifact(file, Direction.OUTPUT, true);
    }

    private MlRun artifact(Path file, Direction direction, boolean model) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("artifact " + file + " is not a file");
        }
        String name = file.getFileName().toString();
        Path copy = runDir.resolve("artifacts_GR" + RANK).resolve(name);
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        String sha = Hashing.sha256(copy);
        long size = Files.size(copy);
        String role = direction.name().toLowerCase(Locale.ROOT);
        QualifiedName original = ns.name("Original_" + safe(name) + "/" + runName);
        QualifiedName copied = ns.name(safe(name) + "/" + runName);
        doc.add(Prov.entity(original)
                .label(name)
                .attr(Vocab.DCTERMS.name("identifier"), file.toAbsolutePath().toString())
                .attr(Prov.ROLE, role));
        RecordBuilder c = Prov.entity(copied)
                .label(name)
                .attr(Prov.ROLE, role)
                .attr(Vocab.DCTERMS.name("identifier"), runDir.relativize(copy).toString())
                .attr(Vocab.YPROV.name("file_size"), size)
                .attr(Vocab.ph("sha256"), sha);
        if (model) {
            c.attr(Prov.TYPE, Vocab.PROVML.name("Model").text());
        }
        doc.add(c);
        doc.add(Prov.wasDerivedFrom(copied, original));
        doc.add(direction == Direction.INPUT ? Prov.used(runId, copied) : Prov.wasGeneratedBy(copied, runId));
        return this;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._~-]", "_");
    }

    private static void checkName(String what, String s) {
        if (s == null || !s.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    what + " name '" + s + "' must use only letters, digits, '.', '_' and '-'");
        }
    }

    private QualifiedName context(String context) {
        return contexts.computeIfAbsent(context, c -> {
            QualifiedName id = ns.name(c);
            doc.add(Prov.activity(id).label(c).attr(Vocab.YPROV.name("level"), 1));
            doc.add(Prov.wasInformedBy(id, runId));
            return id;
        });
    }

    /**
     * Ends the run: closes metric files and writes the run document. Returns its path. Idempotent.
     */
    public synchronized Path endRun() throws IOException {
        if (documentPath != null) {
            return documentPath;
        }
        Instant end = clock.instant();
        for (MetricFile s : series.values()) {
            s.close();
            QualifiedName metric = ns.name(s.name() + "/" + s.context());
            doc.add(Prov.entity(metric)
                    .label(s.name() + "/" + s.context())
                    .attr(Prov.TYPE, Vocab.PROVML.name("Metric").text())
                    .attr(Prov.ROLE, "output")
                    .attr(
                            Vocab.DCTERMS.name("identifier"),
                            runDir.relativize(s.file()).toString())
                    .attr(Vocab.YPROV.name("context"), s.context())
                    .attr(Vocab.YPROV.name("source"), s.source())
                    .attr(Vocab.YPROV.name("file_size"), s.size())
                    .attr(Vocab.ph("values"), s.count()));
            doc.add(Prov.wasGeneratedBy(metric, contexts.get(s.context())));
        }
        // The code the run ran (yProv4ML's source_code parameter), and its uncommitted changes as an input artifact.
        Path diff = runDir.resolve("artifacts_GR" + RANK).resolve("uncommitted_changes.diff");
        Optional<CodeState> code =
                codeDir == null ? Optional.empty() : CodeState.of(codeDir, diff, CodeState.MAX_DIFF_BYTES);
        code.filter(c -> c.commit() != null)
                .ifPresent(c -> logParam(
                        "source_code", c.repository() == null ? c.commit() : c.repository() + "/" + c.commit()));
        String fileName = "prov_" + experiment + "_GR" + RANK + "_" + number + ".json";
        documentPath = runDir.resolve(fileName);
        RecordBuilder run = Prov.activity(runId)
                .label(runName)
                .start(start)
                .end(end.isBefore(start) ? start : end)
                .attr(Vocab.YPROV.name("experiment_name"), experiment)
                .attr(Vocab.YPROV.name("run_id"), number)
                .attr(Vocab.YPROV.name("PID"), pid)
                .attr(Vocab.YPROV.name("global_rank"), String.valueOf(RANK))
                .attr(
                        Vocab.YPROV.name("experiment_dir"),
                        runDir.getParent().toAbsolutePath().toString())
                .attr(
                        Vocab.YPROV.name("artifact_uri"),
                        runDir.resolve("artifacts_GR" + RANK).toAbsolutePath().toString())
                .attr(
                        Vocab.YPROV.name("provenance_path"),
                        documentPath.toAbsolutePath().toString())
                .attr(Vocab.ph("java_version"), System.getProperty("java.version"));
        code.ifPresent(c -> {
            run.attr(Vocab.ph("git_commit"), c.commit())
                    .attr(Vocab.ph("git_remote"), c.repository())
                    .attr(Vocab.ph("git_branch"), c.branch())
                    .attr(Vocab.ph("git_dirty"), c.dirty())
                    .attr(Vocab.ph("git_diff_sha256"), c.diffSha256());
            if (c.diffFile() != null) {
                QualifiedName changes = ns.name("uncommitted_changes.diff/" + runName);
                try {
                    doc.add(Prov.entity(changes)
                            .label("uncommitted changes to " + c.commit())
                            .attr(Prov.ROLE, "input")
                            .attr(
                                    Vocab.DCTERMS.name("identifier"),
                                    runDir.relativize(diff).toString())
                            .attr(Vocab.YPROV.name("file_size"), Files.size(diff))
                            .attr(Vocab.ph("sha256"), Hashing.sha256(diff))
                            .attr(Vocab.ph("diff_sha256"), c.diffSha256()));
                    doc.add(Prov.used(runId, changes));
                } catch (IOException e) {
                    // the diff file went missing: the digest on the run still says what changed
                }
            }
        });
        runAttributes.forEach((k, v) -> run.attr(Vocab.ph(k), v));
        doc.add(run);
        QualifiedName agent = ns.name("user-" + safe(user));
        doc.add(Prov.agent(agent).label(user).type(Prov.PERSON));
        doc.add(Prov.wasAssociatedWith(runId, agent));
        addParent();
        ProvJsonWriter.pretty().write(doc.build(), documentPath);
        return documentPath;
    }

    private void addParent() {
        String nsUri = env.get(Vocab.ENV_RUN_NAMESPACE);
        String task = env.get(Vocab.ENV_TASK_ID);
        if (nsUri == null || task == null || nsUri.isBlank() || task.isBlank()) {
            return;
        }
        Namespace wf = new Namespace("wfrun", nsUri);
        QualifiedName taskId = wf.name(task);
        doc.add(Prov.activity(taskId)
                .label("workflow task " + task)
                .type(Vocab.TASK_RUN)
                .attr(Vocab.LEVEL, "1"));
        doc.add(Prov.wasInformedBy(runId, taskId));
    }

    @Override
    public void close() throws IOException {
        endRun();
    }
}
