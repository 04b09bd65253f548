package org.provhooks.core.report;

import static org.provhooks.core.workflow.WorkflowDocument.firstOf;
import static org.provhooks.core.workflow.WorkflowDocument.label;
import static org.provhooks.core.workflow.WorkflowDocument.text;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.provhooks.core.workflow.WorkflowDocument;

/**
 * Writes what the report shows of one workflow document as JSON: the run (engine, status, times, energy, who ran it,
 * parameters), every task run (tool, status, times, resource use, files in and out, its ML runs), the data dependencies
 * between tasks, the host telemetry series, and each linked ML run (parameters, final metrics, metric curves by
 * context) read from its yProv4ML run document and metric files. Text goes into JSON as it is; the page shows it as
 * text, never as markup.
 */
final class ReportData {
    private static final int MAX_POINTS = 2000;

    private ReportData() {}

    static void write(JsonGenerator g, Path file) throws IOException {
        Document doc = ProvJsonReader.read(file);
        WorkflowDocument wd;
        try {
            wd = WorkflowDocument.of(doc);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        ProvRecord wf = wd.workflow();
        List<ProvRecord> tasks = wd.tasks();
        Map<QualifiedName, Integer> index = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            index.put(tasks.get(i).id(), i);
        }

        g.writeStartObject();
        g.writeStringField("file", file.toAbsolutePath().toString());
        g.writeStringField("engine", text(wf, Vocab.ENGINE));
        g.writeStringField("name", label(wf));
        g.writeStringField("id", file.getFileName().toString().replaceFirst("(\\.prov)?\\.json$", ""));
        g.writeStringField("status", text(wf, Vocab.STATUS));
        time(g, "start", wf.time(Formal.START_TIME));
        time(g, "end", wf.time(Formal.END_TIME));
        number(g, "energyJ", text(wf, Vocab.ph("energy_j")));
        number(g, "co2eG", text(wf, Vocab.ph("co2e_g")));
        g.writeStringField("energyMethod", text(wf, Vocab.ph("energy_method")));
        g.writeStringField("user", person(doc));
        g.writeObjectFieldStart("params");
        for (Map.Entry<QualifiedName, List<Literal>> e : wf.attributes().asMap().entrySet()) {
            if (e.getKey().namespace().equals(Vocab.PROVHOOKS)
                    && e.getKey().local().startsWith("param.")
                    && !e.getValue().isEmpty()) {
                g.writeStringField(
                        e.getKey().local().substring(6), e.getValue().get(0).lexical());
            }
        }
        g.writeEndObject();

        List<String[]> mlDocs = new ArrayList<>(); // {task index, location}
        g.writeArrayFieldStart("tasks");
        for (int i = 0; i < tasks.size(); i++) {
            ProvRecord t = tasks.get(i);
            g.writeStartObject();
            g.writeStringField("name", label(t));
            g.writeStringField("tool", WorkflowDocument.tool(t));
            g.writeStringField("status", text(t, Vocab.STATUS));
            Instant s = t.time(Formal.START_TIME);
            Instant e = t.time(Formal.END_TIME);
            if (s == null && "CACHED".equalsIgnoreCase(text(t, Vocab.STATUS))) {
                s = instant(text(t, Vocab.ph("original_start")));
                e = instant(text(t, Vocab.ph("original_complete")));
            }
            time(g, "start", s);
            time(g, "end", e);
            number(g, "durationMs", firstOf(t, "realtime_ms", "duration_ms"));
            if (firstOf(t, "realtime_ms", "duration_ms") == null && text(t, Vocab.ph("duration_s")) != null) {
                number(g, "durationS", text(t, Vocab.ph("duration_s")));
            }
            number(g, "cpuPct", text(t, Vocab.ph("pcpu")));
            number(g, "peakRss", text(t, Vocab.ph("peak_rss")));
            number(g, "readBytes", firstOf(t, "read_bytes", "rchar"));
            number(g, "writeBytes", firstOf(t, "write_bytes", "wchar"));
            number(g, "energyJ", text(t, Vocab.ph("energy_j")));
            g.writeStringField("attempt", firstOf(t, "attempt", "try_number"));
            g.writeStringField("error", firstOf(t, "error_message", "error", "exit"));
            g.writeArrayFieldStart("inputs");
            for (QualifiedName en : wd.used(t.id())) {
                g.writeString(location(doc, en));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            for (QualifiedName en : wd.generated(t.id())) {
                ProvRecord entity = doc.element(en);
                if (entity != null
                        && entity.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT))) {
                    mlDocs.add(new String[] {Integer.toString(i), text(entity, Prov.LOCATION)});
                } else {
                    g.writeString(location(doc, en));
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();

        // Data dependencies: task B used what task A wrote.
        g.writeArrayFieldStart("edges");
        for (ProvRecord t : tasks) {
            for (QualifiedName en : wd.used(t.id())) {
                Integer from = index.get(wd.producer(en));
                if (from != null && !from.equals(index.get(t.id()))) {
                    g.writeStartArray();
                    g.writeNumber(from);
                    g.writeNumber(index.get(t.id()));
                    g.writeEndArray();
                }
            }
        }
        g.writeEndArray();

        g.writeObjectFieldStart("telemetry");
        for (QualifiedName en : wd.generated(wf.id())) {
            ProvRecord entity = doc.element(en);
            if (entity != null
                    && entity.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.TELEMETRY_METRIC))) {
                Path csv = path(text(entity, Prov.LOCATION));
                if (csv != null) {
                    g.writeFieldName(label(entity));
                    series(g, csv);
                }
            }
        }
        g.writeEndObject();

        g.writeArrayFieldStart("mlRuns");
        for (String[] m : mlDocs) {
            mlRun(g, Integer.parseInt(m[0]), m[1]);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One ML run: its parameters, final metrics and curves; only its task and location when unreadable here. */
    private static void mlRun(JsonGenerator g, int task, String location) throws IOException {
        g.writeStartObject();
        g.writeNumberField("task", task);
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
                    param |= t.lexical().endsWith("HyperParameter")
                            || t.lexical().endsWith("Parameter");
                }
                Literal v = e.attributes().first(Prov.VALUE);
                if (param && v != null) {
                    g.writeStringField(label(e), v.lexical());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("curves");
            List<MetricFiles.Series> all = MetricFiles.of(p, ml);
            for (MetricFiles.Series s : all) {
                g.writeFieldName(s.name());
                series(g, s.file());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** A metric file's points [step, value], thinned to at most {@value #MAX_POINTS} for the page. */
    private static void series(JsonGenerator g, Path csv) throws IOException {
        List<double[]> points = new ArrayList<>();
        if (csv.getFileName().toString().endsWith(".csv") && Files.isRegularFile(csv)) {
            try (java.io.BufferedReader r = Files.newBufferedReader(csv)) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] c = line.split(",");
                    if (c.length >= 2) {
                        try {
                            points.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
                        } catch (NumberFormatException e) {
                            // the header line
                        }
                    }
                }
            }
        }
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

    private static String location(Document doc, QualifiedName entity) {
        ProvRecord e = doc.element(entity);
        if (e == null) {
            return entity.local();
        }
        String l = text(e, Prov.LOCATION);
        return l != null ? l : label(e);
    }

    private static String person(Document doc) {
        for (ProvRecord a : doc.records(RecordKind.AGENT)) {
            if (a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Prov.PERSON))) {
                return label(a);
            }
        }
        return null;
    }

    private static void time(JsonGenerator g, String field, Instant t) throws IOException {
        if (t != null) {
            g.writeStringField(field, t.toString());
        }
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

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
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
