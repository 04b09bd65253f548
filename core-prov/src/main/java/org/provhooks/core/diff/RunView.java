package org.provhooks.core.diff;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

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
        ProvRecord wf = null;
        List<ProvRecord> tasks = new ArrayList<>();
        for (ProvRecord a : doc.records(RecordKind.ACTIVITY)) {
            String level = text(a, Vocab.LEVEL);
            if (Vocab.LEVEL_WORKFLOW.equals(level)) {
                wf = a;
            } else if (Vocab.LEVEL_TASK.equals(level)) {
                tasks.add(a);
            }
        }
        if (wf == null) {
            throw new IllegalArgumentException(
                    "not a ProvHooks workflow document: no activity has yprov4wfs:level \"0\"");
        }
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
        Map<QualifiedName, List<QualifiedName>> generated = new HashMap<>();
        for (ProvRecord g : doc.records(RecordKind.WAS_GENERATED_BY)) {
            if (g.ref(Formal.ACTIVITY) != null && g.ref(Formal.ENTITY) != null) {
                generated
                        .computeIfAbsent(g.ref(Formal.ACTIVITY), k -> new ArrayList<>())
                        .add(g.ref(Formal.ENTITY));
            }
        }
        Map<String, Task> byName = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (ProvRecord t : tasks) {
            String name = label(t);
            int n = attempts.merge(name, 1, Integer::sum);
            Map<String, String> outputs = new TreeMap<>();
            Map<String, Double> metrics = new TreeMap<>();
            for (QualifiedName e : generated.getOrDefault(t.id(), List.of())) {
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
            String tool = firstOf(t, "process", "task_id");
            byName.put(
                    name,
                    new Task(
                            name,
                            tool != null ? tool : name,
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

    private static String text(ProvRecord r, QualifiedName name) {
        Literal l = r.attributes().first(name);
        return l == null ? null : l.lexical();
    }

    private static String firstOf(ProvRecord r, String... names) {
        for (String n : names) {
            String v = text(r, Vocab.ph(n));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String label(ProvRecord r) {
        String l = text(r, Prov.LABEL);
        return l != null ? l : r.id().local();
    }
}
