package org.provhooks.core.diff;

import static org.provhooks.core.workflow.WorkflowDocument.label;
import static org.provhooks.core.workflow.WorkflowDocument.text;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MetricFiles;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.workflow.WorkflowDocument;

/**
 * What a {@link RunDiff} compares of one workflow run, read from its PROV document: the run's parameters and, per task
 * name, its last attempt (status, cached, duration, energy, attempts, output checksums by file name, final ML metric
 * values from the linked yProv4ML run documents' metric files).
 *
 * <!-- given: Document doc -->
 * <pre>{@code
 * RunView run = RunView.of(doc);
 * System.out.println(run.tasks().keySet());   // [ALIGN (1), QC (1), ...]
 * }</pre>
 *
 * @param engine     the workflow system
 * @param status     the run's final status
 * @param parameters the run's parameters by name
 * @param tasks      per task name, its last attempt
 */
public record RunView(String engine, String status, Map<String, String> parameters, Map<String, Task> tasks) {
    /**
     * One task's last attempt.
     *
     * @param name       its name (Nextflow {@code ALIGN (1)}, Beam transform, Airflow {@code task[i]})
     * @param tool       the process / transform / task id
     * @param status     the engine's status
     * @param attempts   how many attempts the run recorded
     * @param durationMs its duration, or null
     * @param energyJ    its energy, or null
     * @param outputs    SHA-256 of its outputs by file name (those recorded with a checksum)
     * @param metrics    final value of each ML metric of its linked ML runs, by {@code run/metric}
     */
    public record Task(
            String name,
            String tool,
            String status,
            int attempts,
            Double durationMs,
            Double energyJ,
            Map<String, String> outputs,
            Map<String, Double> metrics) {
        public boolean cached() {
            return "CACHED".equalsIgnoreCase(status);
        }
    }

    /** The view of a ProvHooks workflow document. */
    public static RunView of(Document doc) {
        WorkflowDocument wd = WorkflowDocument.of(doc);
        ProvRecord wf = wd.workflow();
        List<ProvRecord> tasks = wd.tasks();
        Map<String, String> params = new TreeMap<>();
        for (Map.Entry<QualifiedName, List<Literal>> e : wf.attributes().asMap().entrySet()) {
            if (e.getKey().namespace().equals(Vocab.PROVHOOKS)
                    && e.getKey().local().startsWith("param.")
                    && !e.getValue().isEmpty()) {
                params.put(
                        e.getKey().local().substring("param.".length()),
                        e.getValue().get(0).lexical());
            }
        }
        Map<String, Task> byName = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (ProvRecord t : tasks) {
            String name = label(t);
            int n = attempts.merge(name, 1, Integer::sum);
            Map<String, String> outputs = new TreeMap<>();
            Map<String, Double> metrics = new TreeMap<>();
            for (QualifiedName e : wd.generated(t.id())) {
                ProvRecord entity = doc.element(e);
                if (entity == null) {
                    continue;
                }
                String location = text(entity, Prov.LOCATION);
                if (entity.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT))) {
                    metrics.putAll(finalMetrics(location));
                } else {
                    String sha = text(entity, Vocab.ph("sha256"));
                    if (sha != null && location != null) {
                        outputs.put(fileName(location), sha);
                    }
                }
            }
            String tool = WorkflowDocument.tool(t);
            byName.put(
                    name,
                    new Task(
                            name,
                            tool,
                            text(t, Vocab.STATUS),
                            n,
                            duration(t),
                            number(text(t, Vocab.ph("energy_j"))),
                            outputs,
                            metrics));
        }
        return new RunView(text(wf, Vocab.ENGINE), text(wf, Vocab.STATUS), params, byName);
    }

    /** The final value of each metric series of an ML run document, by {@code run/metric}; empty when unreadable. */
    static Map<String, Double> finalMetrics(String location) {
        Map<String, Double> out = new TreeMap<>();
        try {
            Path doc = location == null ? null : Path.of(location);
            if (doc == null || !Files.isRegularFile(doc)) {
                return out;
            }
            Document ml = ProvJsonReader.read(doc);
            String run = doc.getFileName().toString().replaceFirst("^prov_", "").replaceFirst("\\.json$", "");
            for (MetricFiles.Series s : MetricFiles.of(doc, ml)) {
                Double v = MetricFiles.lastValue(s.file());
                if (v != null) {
                    out.put(run + "/" + s.name(), v);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // an ML document that cannot be read here has no metrics to compare
        }
        return out;
    }

    private static Double duration(ProvRecord t) {
        for (String ms : List.of("realtime_ms", "duration_ms")) {
            Double v = number(text(t, Vocab.ph(ms)));
            if (v != null) {
                return v;
            }
        }
        Double s = number(text(t, Vocab.ph("duration_s")));
        if (s != null) {
            return s * 1000;
        }
        Instant a = t.time(Formal.START_TIME);
        Instant b = t.time(Formal.END_TIME);
        return a != null && b != null ? (double) Duration.between(a, b).toMillis() : null;
    }

    private static String fileName(String location) {
        try {
            Path p = Path.of(location).getFileName();
            return p == null ? location : p.toString();
        } catch (InvalidPathException e) {
            return location;
        }
    }

    private static Double number(String s) {
        try {
            return s == null ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
