package org.provhooks.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonScanner;
import org.provhooks.core.json.ScannedRecord;
import org.provhooks.core.json.ScannedValue;
import org.provhooks.core.ml.MetricFiles;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.workflow.WorkflowDocument;

/**
 * Writes what the report shows of one workflow document as JSON, streaming: the document is scanned a few times
 * (prefixes and the run; tasks; entities; relations) and each task, file and relation goes straight to the output, so
 * memory does not grow with the run (only its ML runs and telemetry series, a handful, are kept). The page joins tasks,
 * files and relations itself. Text goes into JSON as it is; the page shows it as text, never as markup.
 *
 * <p>Per run: {@code tasks} (each with its PROV {@code id}), {@code entities} ({@code [id, location]}),
 * {@code relations} ({@code ["u"|"g", activity, entity]}), the run's fields, {@code telemetry} series and
 * {@code mlRuns} (each with its task's {@code taskId}, parameters, curves).
 */
final class ReportData {
    private static final int MAX_POINTS = 2000;
    private static final String PROVHOOKS = Vocab.PROVHOOKS.uri();

    private ReportData() {}

    /** The run's prefixes, its workflow activity and person; what is small. */
    private static final class Run {
        final Map<String, String> prefixes = new HashMap<>();
        String workflowId;
        Map<String, String> workflow;
        String start;
        String end;
        String person;
        final Map<String, String> mlDocs = new LinkedHashMap<>(); // entity id -> location
        final Map<String, String> mlTask = new HashMap<>(); // entity id -> generating activity id
        final Map<String, String[]> telemetry = new LinkedHashMap<>(); // entity id -> {label, location}
        final List<String> telemetryOfRun = new ArrayList<>();

        /** The IRI a {@code prefix:local} name stands for. */
        String iri(String name) {
            int colon = name.indexOf(':');
            String ns = colon < 0 ? prefixes.get("default") : prefixes.get(name.substring(0, colon));
            if (ns == null) {
                return name;
            }
            return ns + (colon < 0 ? name : name.substring(colon + 1));
        }
    }

    static void write(JsonGenerator g, Path file) throws IOException {
        Run run = new Run();
        // Prefixes first, wherever the document declares them: every name below is read through them.
        scan(file, new Records() {
            @Override
            public void prefix(String bundle, String prefix, String iri, long line, long column) {
                if (bundle == null) {
                    run.prefixes.put(prefix, iri);
                }
            }

            @Override
            void record(ScannedRecord r) {}
        });
        g.writeStartObject();
        // Tasks streamed; the workflow activity and the person kept (one each).
        g.writeArrayFieldStart("tasks");
        scan(file, new Records() {
            @Override
            void record(ScannedRecord r) throws IOException {
                if (r.kind() == RecordKind.ACTIVITY) {
                    Map<String, String> a = attributes(run, r);
                    String level = a.get(Vocab.LEVEL.uri());
                    if (Vocab.LEVEL_TASK.equals(level)) {
                        task(g, r, a);
                    } else if (Vocab.LEVEL_WORKFLOW.equals(level)) {
                        run.workflowId = r.key();
                        run.workflow = a;
                        run.start = r.formal(RecordKind.ACTIVITY.formals().indexOf(Formal.START_TIME));
                        run.end = r.formal(RecordKind.ACTIVITY.formals().indexOf(Formal.END_TIME));
                    }
                } else if (r.kind() == RecordKind.AGENT && run.person == null) {
                    Map<String, String> a = attributes(run, r);
                    if (a.getOrDefault(Prov.TYPE.uri(), "").contains(Prov.PERSON.uri())) {
                        run.person = a.getOrDefault(Prov.LABEL.uri(), r.key());
                    }
                }
            }
        });
        g.writeEndArray();
        if (run.workflow == null) {
            throw new IOException(file + ": not a ProvHooks workflow document (no activity has yprov4wfs:level \"0\")");
        }
        Map<String, String> wf = run.workflow;
        g.writeStringField("file", file.toAbsolutePath().toString());
        g.writeStringField("id", ProvDocument.stem(file.getFileName().toString()));
        g.writeStringField("engine", wf.get(Vocab.ENGINE.uri()));
        g.writeStringField("name", wf.getOrDefault(Prov.LABEL.uri(), run.workflowId));
        g.writeStringField("status", wf.get(Vocab.STATUS.uri()));
        g.writeStringField("start", run.start);
        g.writeStringField("end", run.end);
        number(g, "energyJ", wf.get(PROVHOOKS + "energy_j"));
        number(g, "co2eG", wf.get(PROVHOOKS + "co2e_g"));
        g.writeStringField("energyMethod", wf.get(PROVHOOKS + "energy_method"));
        g.writeStringField("user", run.person);
        g.writeObjectFieldStart("params");
        for (Map.Entry<String, String> e : wf.entrySet()) {
            if (e.getKey().startsWith(PROVHOOKS + "param.")) {
                g.writeStringField(e.getKey().substring(PROVHOOKS.length() + 6), e.getValue());
            }
        }
        g.writeEndObject();

        // Files (entities with a location), streamed; ML run documents and telemetry series kept aside.
        g.writeArrayFieldStart("entities");
        scan(file, new Records() {
            @Override
            void record(ScannedRecord r) throws IOException {
                if (r.kind() != RecordKind.ENTITY) {
                    return;
                }
                Map<String, String> a = attributes(run, r);
                String location = a.get(Prov.LOCATION.uri());
                String types = a.getOrDefault(Prov.TYPE.uri(), "");
                if (types.contains(Vocab.ML_RUN_DOCUMENT.uri())) {
                    run.mlDocs.put(r.key(), location);
                } else if (types.contains(Vocab.TELEMETRY_METRIC.uri())) {
                    run.telemetry.put(r.key(), new String[] {a.getOrDefault(Prov.LABEL.uri(), r.key()), location});
                } else {
                    g.writeStartArray();
                    g.writeString(r.key());
                    g.writeString(location != null ? location : a.getOrDefault(Prov.LABEL.uri(), r.key()));
                    g.writeEndArray();
                }
            }
        });
        g.writeEndArray();

        // Who used and generated what, streamed.
        int usedActivity = RecordKind.USED.formals().indexOf(Formal.ACTIVITY);
        int usedEntity = RecordKind.USED.formals().indexOf(Formal.ENTITY);
        int genActivity = RecordKind.WAS_GENERATED_BY.formals().indexOf(Formal.ACTIVITY);
        int genEntity = RecordKind.WAS_GENERATED_BY.formals().indexOf(Formal.ENTITY);
        g.writeArrayFieldStart("relations");
        scan(file, new Records() {
            @Override
            void record(ScannedRecord r) throws IOException {
                String kind;
                String activity;
                String entity;
                if (r.kind() == RecordKind.USED) {
                    kind = "u";
                    activity = r.formal(usedActivity);
                    entity = r.formal(usedEntity);
                } else if (r.kind() == RecordKind.WAS_GENERATED_BY) {
                    kind = "g";
                    activity = r.formal(genActivity);
                    entity = r.formal(genEntity);
                    if (entity != null && run.mlDocs.containsKey(entity)) {
                        run.mlTask.put(entity, activity);
                        return;
                    }
                    if (entity != null && run.telemetry.containsKey(entity)) {
                        return;
                    }
                } else {
                    return;
                }
                if (activity == null || entity == null) {
                    return;
                }
                g.writeStartArray();
                g.writeString(kind);
                g.writeString(activity);
                g.writeString(entity);
                g.writeEndArray();
            }
        });
        g.writeEndArray();

        g.writeObjectFieldStart("telemetry");
        for (String[] t : run.telemetry.values()) {
            Path csv = path(t[1]);
            if (csv != null) {
                g.writeFieldName(t[0]);
                series(g, csv);
            }
        }
        g.writeEndObject();

        g.writeArrayFieldStart("mlRuns");
        for (Map.Entry<String, String> m : run.mlDocs.entrySet()) {
            mlRun(g, run.mlTask.get(m.getKey()), m.getValue());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void task(JsonGenerator g, ScannedRecord r, Map<String, String> a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.key());
        String label = a.getOrDefault(Prov.LABEL.uri(), r.key());
        g.writeStringField("name", label);
        String tool = first(a, "process", "task_id");
        g.writeStringField("tool", tool != null ? tool : label);
        String status = a.get(Vocab.STATUS.uri());
        g.writeStringField("status", status);
        String start = r.formal(RecordKind.ACTIVITY.formals().indexOf(Formal.START_TIME));
        String end = r.formal(RecordKind.ACTIVITY.formals().indexOf(Formal.END_TIME));
        if (start == null && "CACHED".equalsIgnoreCase(status)) {
            start = first(a, "original_start");
            end = first(a, "original_complete");
        }
        g.writeStringField("start", start);
        g.writeStringField("end", end);
        number(g, "durationMs", first(a, "realtime_ms", "duration_ms"));
        if (first(a, "realtime_ms", "duration_ms") == null) {
            number(g, "durationS", first(a, "duration_s"));
        }
        number(g, "cpuPct", first(a, "pcpu"));
        number(g, "peakRss", first(a, "peak_rss"));
        number(g, "readBytes", first(a, "read_bytes", "rchar"));
        number(g, "writeBytes", first(a, "write_bytes", "wchar"));
        number(g, "energyJ", first(a, "energy_j"));
        g.writeStringField("attempt", first(a, "attempt", "try_number"));
        // An exit status is an error only when it is not 0 (Nextflow records 0 for tasks that succeeded).
        String exit = first(a, "exit", "exit_status");
        String error = first(a, "error_message", "error");
        g.writeStringField(
                "error", error != null ? error : exit != null && !exit.equals("0") ? "exit status " + exit : null);
        g.writeEndObject();
    }

    /** A record's attributes by IRI, first value each ({@code prov:type}: all values, space-separated). */
    private static Map<String, String> attributes(Run run, ScannedRecord r) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < r.attributeCount(); i++) {
            String name = run.iri(r.attributeName(i));
            ScannedValue v = r.value(i);
            String value = v.type() != null && v.type().endsWith("QUALIFIED_NAME") ? run.iri(v.lexical()) : v.lexical();
            if (name.equals(Prov.TYPE.uri()) && out.containsKey(name)) {
                out.put(name, out.get(name) + " " + value);
            } else {
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }

    private static String first(Map<String, String> a, String... locals) {
        for (String l : locals) {
            String v = a.get(PROVHOOKS + l);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A scan that hands each top-level record on and stops at a refusal (the document is not PROV-JSON). */
    private abstract static class Records implements ProvJsonScanner.Handler {
        abstract void record(ScannedRecord r) throws IOException;

        @Override
        public void prefix(String bundle, String prefix, String iri, long line, long column) {}

        @Override
        public void record(String bundle, ScannedRecord record) throws ProvFormatException {
            if (bundle == null && !record.broken()) {
                try {
                    record(record);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void issue(ProvJsonScanner.Issue issue, boolean refusal, long line, long column, String message)
                throws ProvFormatException {
            if (refusal) {
                throw new ProvFormatException(message + " (line " + line + ", column " + column + ")");
            }
        }
    }

    private static void scan(Path file, Records records) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ProvJsonScanner.scan(in, false, records);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (ProvFormatException e) {
            throw new ProvFormatException(file + ": " + e.getMessage());
        }
    }

    /** One ML run: its parameters, final metrics and curves; only its task and location when unreadable here. */
    private static void mlRun(JsonGenerator g, String taskId, String location) throws IOException {
        g.writeStartObject();
        g.writeStringField("taskId", taskId);
        g.writeStringField("document", location);
        Path p = path(location);
        Document ml = null;
        try {
            ml = p != null && Files.isRegularFile(p) ? ProvJsonReader.read(p) : null;
        } catch (IOException | RuntimeException e) {
            ml = null;
        }
        if (ml != null) {
            g.writeStringField(
                    "name",
                    p.getFileName().toString().replaceFirst("^prov_", "").replaceFirst("\\.json$", ""));
            g.writeObjectFieldStart("params");
            for (ProvRecord e : ml.records(RecordKind.ENTITY)) {
                boolean param = false;
                for (Literal t : e.attributes().get(Prov.TYPE)) {
                    param |= t.lexical().endsWith("Parameter");
                }
                Literal v = e.attributes().first(Prov.VALUE);
                if (param && v != null) {
                    g.writeStringField(WorkflowDocument.label(e), v.lexical());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("curves");
            for (MetricFiles.Series s : MetricFiles.of(p, ml)) {
                g.writeFieldName(s.name());
                series(g, s.file());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** A metric file's points [step, value], thinned to at most {@value #MAX_POINTS} for the page. */
    private static void series(JsonGenerator g, Path csv) throws IOException {
        List<double[]> points = MetricFiles.points(csv);
        int step = Math.max(1, points.size() / MAX_POINTS);
        g.writeStartArray();
        for (int i = 0; i < points.size(); i += step) {
            g.writeStartArray();
            g.writeNumber(points.get(i)[0]);
            g.writeNumber(points.get(i)[1]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            try {
                g.writeNumberField(field, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                // not a number: left out
            }
        }
    }

    private static Path path(String location) {
        try {
            return location == null || !location.startsWith("/") ? null : Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
