package org.provhooks.core.crate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.util.AtomicFiles;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.workflow.Ids;
import org.provhooks.core.workflow.Vocab;

/**
 * Writes a workflow run's PROV-JSON document as a Workflow Run RO-Crate (RO-Crate 1.1; Process, Workflow and
 * Provenance Run Crate 0.5): the PROV document is copied into the crate, and {@code ro-crate-metadata.json} describes
 * the workflow, one tool and step per process/transform/task, one {@code CreateAction} per task run with its times,
 * status, files and resource use (duration, energy and CO2e with their method), one {@code ControlAction} per step and
 * the engine's {@code OrganizeAction}. Files the run read or wrote are referenced by absolute URI.
 *
 * <!-- given: Path provDocument -->
 * <pre>{@code
 * Path crate = RunCrate.write(provDocument, Path.of("provenance/happy_turing-crate"), RunCrate.DEFAULT_LICENSE);
 * }</pre>
 */
public final class RunCrate {
    /** The license a crate gets unless another is given: the run's description is meant to be shared. */
    public static final String DEFAULT_LICENSE = "https://spdx.org/licenses/CC-BY-4.0";

    public static final String METADATA = "ro-crate-metadata.json";
    static final List<String> PROFILES = List.of(
            "https://w3id.org/ro/wfrun/process/0.5",
            "https://w3id.org/ro/wfrun/workflow/0.5",
            "https://w3id.org/ro/wfrun/provenance/0.5",
            "https://w3id.org/workflowhub/workflow-ro-crate/1.0");
    private static final String QUDT = "https://qudt.org/vocab/unit/";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Document doc;
    private final List<Object> graph = new ArrayList<>();
    private final Map<String, Node> entities = new LinkedHashMap<>();

    private final Path crateDir;
    private List<Object> rootParts;

    private RunCrate(Document doc, Path crateDir) {
        this.doc = doc;
        this.crateDir = crateDir;
    }

    /**
     * Writes the crate for {@code provDocument} into {@code crateDir} (created; the metadata file replaced atomically).
     *
     * @return the crate directory
     */
    public static Path write(Path provDocument, Path crateDir, String license) throws IOException {
        Document doc = ProvJsonReader.read(provDocument);
        Files.createDirectories(crateDir);
        Path copy = crateDir.resolve(provDocument.getFileName().toString());
        if (!copy.toAbsolutePath()
                .normalize()
                .equals(provDocument.toAbsolutePath().normalize())) {
            Files.copy(provDocument, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Node metadata = new RunCrate(doc, crateDir).build(copy, license);
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text).useDefaultPrettyPrinter()) {
            write(g, metadata);
        }
        AtomicFiles.writeString(crateDir.resolve(METADATA), text.toString());
        return crateDir;
    }

    /**
     * Packs a crate directory into one zip file, entries relative to the crate's root (as RO-Crate zips are);
     * the zip is written atomically.
     */
    public static Path zip(Path crateDir, Path zipFile) throws IOException {
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.walk(crateDir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Path parent = zipFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".crate", ".zip.tmp");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Path f : files) {
                z.putNextEntry(new java.util.zip.ZipEntry(
                        crateDir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, zipFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return zipFile;
    }

    private Node build(Path provCopy, String license) throws IOException {
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
            throw new IOException("not a ProvHooks workflow document: no activity has yprov4wfs:level \"0\"");
        }
        String engine = String.valueOf(text(wf, Vocab.ENGINE));
        String runName = String.valueOf(label(wf));

        Node descriptor = entity("ro-crate-metadata.json", "CreativeWork");
        descriptor.set("conformsTo", ref("https://w3id.org/ro/crate/1.1"));
        descriptor.set("about", ref("./"));

        Node root = entity("./", "Dataset");
        rootParts = root.list("hasPart");
        root.put("name", "Provenance of the " + engine + " run " + runName);
        root.put("description", "A " + engine + " workflow run recorded by ProvHooks, with its W3C PROV document.");
        root.put("datePublished", Instant.now().toString());
        root.set("license", ref(license));
        List<Object> conforms = root.list("conformsTo");
        for (String p : PROFILES) {
            conforms.add(ref(p));
            Node profile = entity(p, "CreativeWork");
            profile.put("name", profileName(p));
            profile.put("version", p.substring(p.lastIndexOf('/') + 1));
        }

        // The workflow, the language it is written in and the engine that ran it.
        String script = text(wf, Vocab.ph("script_file"));
        String workflowId = script != null && script.startsWith("/")
                ? Path.of(script).toUri().toString()
                : "#workflow";
        Node workflow = entity(workflowId, "File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo");
        workflow.put("name", runName);
        Node language = entity("#language", "ComputerLanguage");
        language.put("name", engine);
        workflow.set("programmingLanguage", ref("#language"));
        root.set("mainEntity", ref(workflowId));
        Node engineApp = entity("#engine", "SoftwareApplication");
        engineApp.put("name", engineLabel(engine));

        // The PROV document itself, about the run.
        Node prov = entity(provCopy.getFileName().toString(), "File");
        prov.put("name", "W3C PROV-JSON document of this run");
        prov.put("encodingFormat", "application/json");
        prov.put("contentSize", String.valueOf(Files.size(provCopy)));
        prov.put("sha256", Hashing.sha256(provCopy));
        prov.set("about", ref("#run"));
        rootParts.add(ref(provCopy.getFileName().toString()));

        // The run as a whole.
        Node run = action("#run", "CreateAction", wf, workflowId);
        run.put("name", "Run " + runName + " of " + engine);
        String person = person();
        if (person != null) {
            run.set("agent", ref(person));
        }
        List<Object> mentions = root.list("mentions");
        mentions.add(ref("#run"));

        // One tool and step per process / transform / task, one CreateAction per task run.
        Map<String, List<String>> actionsByTool = new LinkedHashMap<>();
        for (ProvRecord t : tasks) {
            String tool = toolOf(t);
            String toolId = "#tool-" + Ids.safeLocal(tool);
            if (!entities.containsKey(toolId)) {
                Node app = entity(toolId, "SoftwareApplication");
                app.put("name", tool);
                workflow.list("hasPart").add(ref(toolId));
                String stepId = "#step-" + Ids.safeLocal(tool);
                Node step = entity(stepId, "HowToStep");
                step.put("name", tool);
                step.put("position", actionsByTool.size());
                step.set("workExample", ref(toolId));
                workflow.list("step").add(ref(stepId));
            }
            String actionId = "#" + t.id().local();
            Node a = action(actionId, "CreateAction", t, toolId);
            a.put("name", String.valueOf(label(t)));
            files(t, a);
            String container = text(t, Vocab.ph("container"));
            if (container != null) {
                a.put("containerImage", container);
            }
            actionsByTool.computeIfAbsent(tool, k -> new ArrayList<>()).add(actionId);
            mentions.add(ref(actionId));
        }
        List<Object> controls = new ArrayList<>();
        actionsByTool.forEach((tool, actions) -> {
            String id = "#control-" + Ids.safeLocal(tool);
            Node control = entity(id, "ControlAction");
            control.put("name", "Orchestrate " + tool);
            control.set("instrument", ref("#step-" + Ids.safeLocal(tool)));
            List<Object> objects = control.list("object");
            actions.forEach(x -> objects.add(ref(x)));
            controls.add(ref(id));
            mentions.add(ref(id));
        });
        Node organize = entity("#organize", "OrganizeAction");
        organize.put("name", "Run of " + engine);
        organize.set("instrument", ref("#engine"));
        organize.set("object", controls);
        organize.set("result", ref("#run"));
        mentions.add(ref("#organize"));

        Node out = new Node();
        List<Object> context = out.list("@context");
        context.add("https://w3id.org/ro/crate/1.1/context");
        Node terms = new Node();
        context.add(terms);
        terms.put("resourceUsage", "https://w3id.org/ro/terms/workflow-run#resourceUsage");
        terms.put("containerImage", "https://w3id.org/ro/terms/workflow-run#containerImage");
        terms.put("sha256", "https://schema.org/sha256");
        out.set("@graph", graph);
        return out;
    }

    /** An action with its instrument, times, status and resource use, from a PROV activity. */
    private Node action(String id, String type, ProvRecord activity, String instrument) {
        Node a = entity(id, type);
        a.set("instrument", ref(instrument));
        Instant start = activity.time(Formal.START_TIME);
        Instant end = activity.time(Formal.END_TIME);
        if (start != null) {
            a.put("startTime", start.toString());
        }
        if (end != null) {
            a.put("endTime", end.toString());
        }
        String status = String.valueOf(text(activity, Vocab.STATUS)).toLowerCase();
        boolean failed = status.contains("fail") || status.contains("abort") || status.contains("error");
        a.set("actionStatus", ref("http://schema.org/" + (failed ? "FailedActionStatus" : "CompletedActionStatus")));
        if (failed) {
            String error = first(activity, "error", "error_message", "exit");
            if (error != null) {
                a.put("error", error);
            }
        }
        usage(activity, a, id, "duration", "duration_ms", "MilliSEC");
        usage(activity, a, id, "realtime", "realtime_ms", "MilliSEC");
        usage(activity, a, id, "peak_rss", "peak_rss", "BYTE");
        usage(activity, a, id, "energy", "energy_j", "J");
        usage(activity, a, id, "co2e", "co2e_g", "GM");
        String method = text(activity, Vocab.ph("energy_method"));
        if (method != null && a.containsKey("resourceUsage")) {
            Node m = entity(id + "-energy-method", "PropertyValue");
            m.put("name", "energy_method");
            m.put("propertyID", Vocab.PROVHOOKS.uri() + "energy_method");
            m.put("value", method);
            a.list("resourceUsage").add(ref(id + "-energy-method"));
        }
        return a;
    }

    private void usage(ProvRecord activity, Node action, String id, String name, String attr, String unit) {
        Literal v = activity.attributes().first(Vocab.ph(attr));
        if (v == null) {
            return;
        }
        String pid = id + "-" + name;
        Node p = entity(pid, "PropertyValue");
        p.put("name", name);
        p.put("propertyID", Vocab.PROVHOOKS.uri() + attr);
        p.put("value", v.lexical());
        p.put("unitCode", QUDT + unit);
        action.list("resourceUsage").add(ref(pid));
    }

    /** The task's inputs ({@code object}) and outputs ({@code result}) as File entities. */
    private void files(ProvRecord task, Node action) throws IOException {
        for (ProvRecord u : doc.records(RecordKind.USED)) {
            if (task.id().equals(u.ref(Formal.ACTIVITY)) && u.ref(Formal.ENTITY) != null) {
                String f = file(u.ref(Formal.ENTITY));
                if (f != null) {
                    action.list("object").add(ref(f));
                }
            }
        }
        for (ProvRecord g : doc.records(RecordKind.WAS_GENERATED_BY)) {
            if (task.id().equals(g.ref(Formal.ACTIVITY)) && g.ref(Formal.ENTITY) != null) {
                String f = file(g.ref(Formal.ENTITY));
                if (f != null) {
                    action.list("result").add(ref(f));
                }
            }
        }
    }

    /** The File entity for a PROV entity with a location, by absolute URI; null when it has none. */
    private String file(QualifiedName entityId) throws IOException {
        ProvRecord e = doc.element(entityId);
        Literal loc = e == null ? null : e.attributes().first(Prov.LOCATION);
        if (loc == null) {
            return null;
        }
        String location = loc.lexical();
        String id = location.startsWith("/") ? Path.of(location).toUri().toString() : location;
        if (e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT))) {
            String inside = mlDocument(e, location);
            if (inside != null) {
                return inside;
            }
        }
        if (!entities.containsKey(id)) {
            Node f = entity(id, "File");
            f.put("name", String.valueOf(label(e)));
            String format = encodingFormat(location);
            if (format != null) {
                f.put("encodingFormat", format);
            }
            Literal size = e.attributes().first(Vocab.ph("size"));
            if (size != null) {
                f.put("contentSize", size.lexical());
            }
            Literal sha = e.attributes().first(Vocab.ph("sha256"));
            if (sha != null) {
                f.put("sha256", sha.lexical());
            }
        }
        return id;
    }

    /**
     * A task's yProv4ML run document, copied into the crate ({@code ml/}) so the crate holds every level of the run;
     * null when it is not readable here (then it is referenced by URI like any file).
     */
    private String mlDocument(ProvRecord e, String location) throws IOException {
        Path source = location.startsWith("/") ? Path.of(location) : null;
        if (source == null || !Files.isRegularFile(source)) {
            return null;
        }
        String id = "ml/" + Ids.safeLocal(e.id().local()) + "-" + source.getFileName();
        if (!entities.containsKey(id)) {
            Path target = crateDir.resolve(id);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Node f = entity(id, "File");
            f.put("name", String.valueOf(label(e)));
            f.put("encodingFormat", "application/json");
            f.put("contentSize", String.valueOf(Files.size(target)));
            f.put("sha256", Hashing.sha256(target));
            rootParts.add(ref(id));
        }
        return id;
    }

    /** The media type of a file by its name, where it is a common one. */
    static String encodingFormat(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, String> f : FORMATS.entrySet()) {
            if (n.endsWith(f.getKey())) {
                return f.getValue();
            }
        }
        return null;
    }

    private static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry(".json", "application/json"),
            Map.entry(".csv", "text/csv"),
            Map.entry(".tsv", "text/tab-separated-values"),
            Map.entry(".txt", "text/plain"),
            Map.entry(".html", "text/html"),
            Map.entry(".pdf", "application/pdf"),
            Map.entry(".png", "image/png"),
            Map.entry(".gz", "application/gzip"),
            Map.entry(".zip", "application/zip"),
            Map.entry(".parquet", "application/vnd.apache.parquet"),
            Map.entry(".bam", "application/octet-stream"));

    /** The tool a task ran: its process (Nextflow), task id (Airflow) or transform (Beam, the label). */
    private static String toolOf(ProvRecord task) {
        String tool = first(task, "process", "task_id");
        return tool != null ? tool : String.valueOf(label(task));
    }

    private Node entity(String id, String... types) {
        Node e = entities.get(id);
        if (e != null) {
            return e;
        }
        e = new Node();
        graph.add(e);
        e.put("@id", id);
        if (types.length == 1) {
            e.put("@type", types[0]);
        } else {
            List<Object> t = e.list("@type");
            for (String type : types) {
                t.add(type);
            }
        }
        entities.put(id, e);
        return e;
    }

    private static Node ref(String id) {
        Node n = new Node();
        n.put("@id", id);
        return n;
    }

    /** A JSON object of the crate's graph, in insertion order. */
    private static final class Node extends LinkedHashMap<String, Object> {
        void set(String key, Object value) {
            put(key, value);
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            return (List<Object>) computeIfAbsent(key, k -> new ArrayList<>());
        }
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Integer n) {
            g.writeNumber(n);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static String text(ProvRecord r, QualifiedName name) {
        Literal l = r.attributes().first(name);
        return l == null ? null : l.lexical();
    }

    private static String first(ProvRecord r, String... names) {
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

    private static String profileName(String iri) {
        if (iri.contains("/process/")) {
            return "Process Run Crate";
        }
        if (iri.contains("/workflow/")) {
            return "Workflow Run Crate";
        }
        if (iri.contains("/provenance/")) {
            return "Provenance Run Crate";
        }
        return "Workflow RO-Crate";
    }

    /** The person who launched the run, as a crate entity, or null. */
    private String person() {
        for (ProvRecord a : doc.records(RecordKind.AGENT)) {
            if (a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Prov.PERSON))) {
                String id = "#person-" + Ids.safeLocal(a.id().local());
                Node p = entity(id, "Person");
                p.put("name", String.valueOf(label(a)));
                return id;
            }
        }
        return null;
    }

    private String engineLabel(String engine) {
        for (ProvRecord a : doc.records(RecordKind.AGENT)) {
            if (a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ENGINE_AGENT))) {
                return label(a);
            }
        }
        return engine;
    }
}
