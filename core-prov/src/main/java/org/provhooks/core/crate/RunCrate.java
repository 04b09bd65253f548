package org.provhooks.core.crate;

import static org.provhooks.core.workflow.WorkflowDocument.firstOf;
import static org.provhooks.core.workflow.WorkflowDocument.hasType;
import static org.provhooks.core.workflow.WorkflowDocument.label;
import static org.provhooks.core.workflow.WorkflowDocument.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MetricFiles;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.util.AtomicFiles;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.workflow.EngineKind;
import org.provhooks.core.workflow.Ids;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.workflow.WorkflowDocument;

/**
 * Writes a workflow run's PROV-JSON document as a Workflow Run RO-Crate (RO-Crate 1.1; Process, Workflow and
 * Provenance Run Crate 0.5; Workflow RO-Crate 1.0).
 *
 * <p>The crate holds the PROV document, the workflow's source when it is readable here (the main entity), each task's
 * yProv4ML run documents with their metric files, and the run's outputs within the {@link CrateOptions} size limits.
 * {@code ro-crate-metadata.json} describes the workflow with its formal parameters, one tool and step per
 * process/transform/task (steps in data-flow order), one {@code CreateAction} per task run (retries and cached tasks
 * as in the PROV document) with times, status, inputs, outputs and resource use (duration, CPU time, peak memory,
 * energy and CO2e with their method, as QUDT-unit {@code PropertyValue}s), one {@code ControlAction} per step, the
 * engine's {@code OrganizeAction} and the run's {@code CreateAction} with its parameters. Everything else the run
 * read or wrote is referenced by absolute URI. Nothing unknown is invented: a time the document lacks is left out.
 *
 * <p>The metadata is streamed to disk entity by entity, so a crate of a long run needs memory for the document and
 * small indices only.
 *
 * <!-- given: Path provDocument -->
 * <pre>{@code
 * Path crate = RunCrate.write(provDocument, Path.of("provenance/happy_turing-crate"), CrateOptions.DEFAULTS);
 * }</pre>
 */
public final class RunCrate {
    /** The license a crate gets unless another is given. */
    public static final String DEFAULT_LICENSE = CrateOptions.DEFAULT_LICENSE;

    public static final String METADATA = "ro-crate-metadata.json";
    static final String RO_CRATE = "https://w3id.org/ro/crate/1.1";
    static final String WORKFLOW_RO_CRATE = "https://w3id.org/workflowhub/workflow-ro-crate/1.0";
    static final List<String> PROFILES = List.of(
            "https://w3id.org/ro/wfrun/process/0.5",
            "https://w3id.org/ro/wfrun/workflow/0.5",
            "https://w3id.org/ro/wfrun/provenance/0.5",
            WORKFLOW_RO_CRATE);
    static final String FORMAL_PARAMETER_PROFILE = "https://bioschemas.org/profiles/FormalParameter/1.0-RELEASE";
    private static final String QUDT = "https://qudt.org/vocab/unit/";
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final Document doc;
    private final Path crateDir;
    private final CrateOptions options;
    private final CrateFiles files;
    private JsonGenerator out;
    private final Set<String> written = new HashSet<>();
    private final List<Object> rootParts = new ArrayList<>();
    private final List<Object> mentions = new ArrayList<>();

    // Indices over the document, built once.
    private WorkflowDocument wd;
    private final Set<QualifiedName> consumed = new HashSet<>();
    private final Map<QualifiedName, QualifiedName> derivedFrom = new HashMap<>();
    /** The crate {@code @id} each PROV entity with a location has, decided before anything is written. */
    private final Map<QualifiedName, String> fileIds = new HashMap<>();
    /** Extra crate files that belong to an entity (an ML run document's metric files). */
    private final Map<QualifiedName, List<String>> companions = new HashMap<>();
    /** The formal parameter a file realises. */
    private final Map<String, String> exampleOf = new HashMap<>();

    private RunCrate(Document doc, Path crateDir, CrateOptions options) {
        this.doc = doc;
        this.crateDir = crateDir;
        this.options = options;
        this.files = new CrateFiles(crateDir, options);
    }

    /** As {@link #write(Path, Path, CrateOptions)} with the default limits and {@code license}. */
    public static Path write(Path provDocument, Path crateDir, String license) throws IOException {
        return write(provDocument, crateDir, CrateOptions.DEFAULTS.withLicense(license));
    }

    /**
     * Writes the crate for {@code provDocument} into {@code crateDir} (created; the metadata file replaced atomically).
     *
     * @return the crate directory
     * @throws IOException when the document cannot be read or is not a ProvHooks workflow document (one-line message),
     *         or the crate cannot be written
     */
    public static Path write(Path provDocument, Path crateDir, CrateOptions options) throws IOException {
        Document doc = ProvJsonReader.read(provDocument);
        Files.createDirectories(crateDir);
        Path copy = crateDir.resolve(provDocument.getFileName().toString());
        if (!copy.toAbsolutePath()
                .normalize()
                .equals(provDocument.toAbsolutePath().normalize())) {
            Files.copy(provDocument, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        RunCrate crate = new RunCrate(doc, crateDir, options);
        AtomicFiles.write(crateDir.resolve(METADATA), (OutputStream os) -> crate.build(copy, os));
        return crateDir;
    }

    /**
     * Packs a crate directory into one zip file, entries relative to the crate's root (as RO-Crate zips are);
     * the zip is written atomically.
     */
    public static Path zip(Path crateDir, Path zipFile) throws IOException {
        List<Path> all;
        try (java.util.stream.Stream<Path> s = Files.walk(crateDir)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        Path parent = zipFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".crate", ".zip.tmp");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Path f : all) {
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

    private void build(Path provCopy, OutputStream os) throws IOException {
        try {
            wd = WorkflowDocument.of(doc);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        ProvRecord wf = wd.workflow();
        List<ProvRecord> tasks = wd.tasks();
        index();
        files.reserve(METADATA);
        files.reserve(provCopy.getFileName().toString());

        String engine = String.valueOf(text(wf, Vocab.ENGINE));
        String runName = label(wf);
        String workflowId = "#workflow";
        try (JsonGenerator g = JSON.createGenerator(os).useDefaultPrettyPrinter()) {
            out = g;
            g.writeStartObject();
            g.writeFieldName("@context");
            g.writeStartArray();
            g.writeString("https://w3id.org/ro/crate/1.1/context");
            g.writeStartObject();
            g.writeStringField("resourceUsage", "https://w3id.org/ro/terms/workflow-run#resourceUsage");
            g.writeStringField("containerImage", "https://w3id.org/ro/terms/workflow-run#containerImage");
            g.writeStringField("sha256", "https://schema.org/sha256");
            g.writeEndObject();
            g.writeEndArray();
            g.writeFieldName("@graph");
            g.writeStartArray();

            Node descriptor = node(METADATA, "CreativeWork");
            descriptor.set("conformsTo", List.of(ref(RO_CRATE), ref(WORKFLOW_RO_CRATE)));
            descriptor.set("about", ref("./"));
            emit(descriptor);
            for (String p : PROFILES) {
                Node profile = node(p, "CreativeWork");
                profile.put("name", profileName(p));
                profile.put("version", p.substring(p.lastIndexOf('/') + 1));
                emit(profile);
            }
            Node license = node(options.license(), "CreativeWork");
            license.put("name", options.license().substring(options.license().lastIndexOf('/') + 1));
            emit(license);

            // The workflow's source, copied in when it is readable here: the main entity.
            Path script = path(text(wf, Vocab.ph("script_file")));
            CrateFiles.Copied source = files.always(
                    script, "", script == null ? "" : script.getFileName().toString());
            if (source != null) {
                workflowId = source.id();
            }
            String languageId = language(engine, wf);
            Node engineApp = node("#engine", "SoftwareApplication");
            engineApp.put("name", engineLabel(engine));
            String version = engineVersion();
            if (version != null) {
                engineApp.put("softwareVersion", version);
            }
            emit(engineApp);
            String person = person();

            // The PROV document itself, about the run.
            String provId = provCopy.getFileName().toString();
            Node prov = node(provId, "File");
            prov.put("name", "W3C PROV-JSON document of this run");
            prov.put("encodingFormat", "application/json");
            prov.put("contentSize", String.valueOf(Files.size(provCopy)));
            prov.put("sha256", Hashing.sha256(provCopy));
            prov.set("about", ref("#run"));
            emit(prov);
            rootParts.add(ref(provId));

            // Tools and steps, in data-flow order.
            Map<String, String> toolOfTask = new LinkedHashMap<>();
            for (ProvRecord t : tasks) {
                toolOfTask.put(t.id().local(), WorkflowDocument.tool(t));
            }
            List<String> tools = new ArrayList<>(new LinkedHashSet<>(toolOfTask.values()));
            Map<String, Set<String>> upstream = new HashMap<>();
            for (ProvRecord t : tasks) {
                for (QualifiedName e : wd.used(t.id())) {
                    QualifiedName p = wd.producer(e);
                    String from = p == null ? null : toolOfTask.get(p.local());
                    if (from != null) {
                        upstream.computeIfAbsent(toolOfTask.get(t.id().local()), k -> new HashSet<>())
                                .add(from);
                    }
                }
            }
            Map<String, Integer> positions = StepOrder.positions(tools, upstream);
            List<Object> toolRefs = new ArrayList<>();
            List<Object> stepRefs = new ArrayList<>();
            for (String tool : tools) {
                Node app = node(toolId(tool), "SoftwareApplication");
                app.put("name", tool);
                emit(app);
                Node step = node(stepId(tool), "HowToStep");
                step.put("name", tool);
                step.put("position", positions.get(tool));
                step.set("workExample", ref(toolId(tool)));
                emit(step);
                toolRefs.add(ref(toolId(tool)));
                stepRefs.add(ref(stepId(tool)));
            }

            // Formal parameters: the run's parameters in, its outputs out.
            Map<String, String> locations = locations();
            List<Object> inputs = new ArrayList<>();
            List<Object> runObjects = new ArrayList<>();
            params(wf, locations, inputs, runObjects);
            List<QualifiedName> outputs = workflowOutputs();
            List<Object> outputParams = new ArrayList<>();
            Map<String, String> outputParamByTool = new LinkedHashMap<>();
            for (QualifiedName o : outputs) {
                QualifiedName src = derivedFrom.getOrDefault(o, o);
                QualifiedName p = wd.producer(src);
                String tool = p == null ? "outputs" : toolOfTask.getOrDefault(p.local(), "outputs");
                outputParamByTool.computeIfAbsent(tool, t -> "#output-" + Ids.safeLocal(t));
            }
            for (Map.Entry<String, String> e : outputParamByTool.entrySet()) {
                Node fp = node(e.getValue(), "FormalParameter");
                fp.put("name", e.getKey() + " output");
                fp.put("additionalType", "File");
                fp.put("description", "Files the workflow's " + e.getKey() + " step gave as results of the run");
                fp.set("conformsTo", ref(FORMAL_PARAMETER_PROFILE));
                emit(fp);
                outputParams.add(ref(e.getValue()));
            }

            // Decide where every file lives before any is written: outputs copied within limits, ML run documents and
            // their metric files always, telemetry series within limits, the rest by URI.
            String outputDir = text(wf, Vocab.ph("output_dir"));
            for (QualifiedName o : outputs) {
                QualifiedName src = derivedFrom.getOrDefault(o, o);
                QualifiedName p = wd.producer(src);
                String tool = p == null ? "outputs" : toolOfTask.getOrDefault(p.local(), "outputs");
                includeOutput(o, outputDir, outputParamByTool.get(tool));
            }

            // One CreateAction per task run.
            Map<String, List<Object>> actionsByTool = new LinkedHashMap<>();
            for (ProvRecord t : tasks) {
                String tool = toolOfTask.get(t.id().local());
                String actionId = "#" + iri(t.id().local());
                Node a = action(actionId, t, toolId(tool), person);
                a.put("name", label(t));
                List<Object> objects = new ArrayList<>();
                for (QualifiedName e : wd.used(t.id())) {
                    String f = file(e);
                    if (f != null) {
                        objects.add(ref(f));
                    }
                }
                List<Object> results = new ArrayList<>();
                for (QualifiedName e : wd.generated(t.id())) {
                    String f = file(e);
                    if (f != null) {
                        results.add(ref(f));
                        companions.getOrDefault(e, List.of()).forEach(c -> results.add(ref(c)));
                    }
                }
                if (!objects.isEmpty()) {
                    a.set("object", objects);
                }
                if (!results.isEmpty()) {
                    a.set("result", results);
                }
                String container = text(t, Vocab.ph("container"));
                if (container != null) {
                    a.put("containerImage", container);
                }
                emit(a);
                actionsByTool.computeIfAbsent(tool, k -> new ArrayList<>()).add(ref(actionId));
                mentions.add(ref(actionId));
            }

            // The run as a whole: its parameters and input files in, its outputs and telemetry out.
            Node run = action("#run", wf, workflowId, person);
            run.put("name", "Run " + runName + " of " + engine);
            for (QualifiedName e : workflowInputs(wf.id())) {
                String f = file(e);
                if (f != null) {
                    runObjects.add(ref(f));
                }
            }
            List<Object> runResults = new ArrayList<>();
            for (QualifiedName o : outputs) {
                String f = file(o);
                if (f != null) {
                    runResults.add(ref(f));
                }
            }
            for (QualifiedName e : wd.generated(wf.id())) {
                String f = file(e);
                if (f != null) {
                    runResults.add(ref(f));
                }
            }
            if (!runObjects.isEmpty()) {
                run.set("object", runObjects);
            }
            if (!runResults.isEmpty()) {
                run.set("result", runResults);
            }
            emit(run);
            mentions.add(0, ref("#run"));

            List<Object> controls = new ArrayList<>();
            for (Map.Entry<String, List<Object>> e : actionsByTool.entrySet()) {
                String id = "#control-" + Ids.safeLocal(e.getKey());
                Node control = node(id, "ControlAction");
                control.put("name", "Orchestrate " + e.getKey());
                control.set("instrument", ref(stepId(e.getKey())));
                control.set("object", e.getValue());
                emit(control);
                controls.add(ref(id));
                mentions.add(ref(id));
            }
            Node organize = node("#organize", "OrganizeAction");
            organize.put("name", "Run of " + engine);
            organize.set("instrument", ref("#engine"));
            organize.set("object", controls);
            organize.set("result", ref("#run"));
            if (person != null) {
                organize.set("agent", ref(person));
            }
            emit(organize);
            mentions.add(ref("#organize"));

            // Without its source the workflow is a contextual entity, which the profiles ask not to type as a File.
            Node workflow = workflowId.startsWith("#")
                    ? node(workflowId, "SoftwareSourceCode", "ComputationalWorkflow", "HowTo")
                    : node(workflowId, "File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo");
            workflow.put("name", runName);
            workflow.set("programmingLanguage", ref(languageId));
            if (source != null) {
                workflow.put("contentSize", String.valueOf(source.size()));
                workflow.put("sha256", source.sha256());
                if (script != null) {
                    workflow.put("alternateName", script.toString());
                }
                rootParts.add(0, ref(workflowId));
            }
            String repository = text(wf, Vocab.ph("repository"));
            if (repository != null) {
                workflow.put("codeRepository", repository);
            }
            String commit = firstOf(wf, "commit_id", "revision");
            if (commit != null) {
                workflow.put("version", commit);
            }
            if (!inputs.isEmpty()) {
                workflow.set("input", inputs);
            }
            if (!outputParams.isEmpty()) {
                workflow.set("output", outputParams);
            }
            workflow.set("hasPart", toolRefs);
            workflow.set("step", stepRefs);
            emit(workflow);

            Node root = node("./", "Dataset");
            root.put("name", "Provenance of the " + engine + " run " + runName);
            root.put(
                    "description",
                    "A " + engine + " workflow run recorded by ProvHooks: its W3C PROV document, the workflow, each"
                            + " task run with its times, files and resource use"
                            + (files.skippedByLimits() > 0
                                    ? "; " + files.skippedByLimits() + " output or metric file(s) over the size limits"
                                            + " are referenced by URI, not copied"
                                    : "")
                            + ".");
            root.put("datePublished", Instant.now().toString());
            root.set("license", ref(options.license()));
            List<Object> conforms = new ArrayList<>();
            PROFILES.forEach(p -> conforms.add(ref(p)));
            root.set("conformsTo", conforms);
            root.set("mainEntity", ref(workflowId));
            root.set("hasPart", rootParts);
            root.set("mentions", mentions);
            emit(root);

            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void index() {
        for (ProvRecord u : doc.records(RecordKind.USED)) {
            if (u.ref(Formal.ENTITY) != null) {
                consumed.add(u.ref(Formal.ENTITY));
            }
        }
        for (ProvRecord d : doc.records(RecordKind.WAS_DERIVED_FROM)) {
            QualifiedName to = d.ref(Formal.GENERATED_ENTITY);
            QualifiedName from = d.ref(Formal.USED_ENTITY);
            if (to != null && from != null) {
                derivedFrom.putIfAbsent(to, from);
            }
        }
    }

    /** Location → entity, to find parameters that name a file of the run. */
    private Map<String, String> locations() {
        Map<String, String> out = new HashMap<>();
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            Literal loc = e.attributes().first(Prov.LOCATION);
            if (loc != null) {
                out.putIfAbsent(loc.lexical(), e.id().local());
            }
        }
        return out;
    }

    /**
     * One {@code FormalParameter} per run parameter ({@code provhooks:param.*}) and the value it took, a
     * {@code PropertyValue}, or the file it named.
     */
    private void params(ProvRecord wf, Map<String, String> locations, List<Object> inputs, List<Object> runObjects)
            throws IOException {
        String launchDir = text(wf, Vocab.ph("launch_dir"));
        for (Map.Entry<QualifiedName, List<Literal>> a : wf.attributes().asMap().entrySet()) {
            QualifiedName key = a.getKey();
            if (!key.namespace().equals(Vocab.PROVHOOKS)
                    || !key.local().startsWith("param.")
                    || a.getValue().isEmpty()) {
                continue;
            }
            String name = key.local().substring("param.".length());
            Literal value = a.getValue().get(0);
            String paramId = "#param-" + Ids.safeLocal(name);
            String fileEntity = fileNamed(value.lexical(), launchDir, locations);
            Node fp = node(paramId, "FormalParameter");
            fp.put("name", name);
            fp.put("additionalType", fileEntity != null ? "File" : dataType(value));
            fp.set("conformsTo", ref(FORMAL_PARAMETER_PROFILE));
            emit(fp);
            inputs.add(ref(paramId));
            if (fileEntity != null) {
                QualifiedName e = entityByLocal(fileEntity);
                String f = e == null ? null : file(e, paramId);
                if (f != null) {
                    runObjects.add(ref(f));
                    continue;
                }
            }
            String pvId = "#pv-" + Ids.safeLocal(name);
            Node pv = node(pvId, "PropertyValue");
            pv.put("name", name);
            pv.put("value", value.lexical());
            pv.set("exampleOfWork", ref(paramId));
            emit(pv);
            runObjects.add(ref(pvId));
        }
    }

    private QualifiedName entityByLocal(String local) {
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            if (e.id().local().equals(local)) {
                return e.id();
            }
        }
        return null;
    }

    /** The entity a parameter value names as a file of this run (as written, or relative to the launch directory). */
    private static String fileNamed(String value, String launchDir, Map<String, String> locations) {
        String hit = locations.get(value);
        if (hit == null && launchDir != null && !value.isBlank() && value.length() < 4096) {
            try {
                hit = locations.get(
                        Path.of(launchDir).resolve(value).normalize().toString());
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return hit;
    }

    private static String dataType(Literal v) {
        QualifiedName t = v.datatype();
        if (Literal.XSD_INT.equals(t) || Literal.XSD_LONG.equals(t)) {
            return "Integer";
        }
        if (Literal.XSD_DOUBLE.equals(t)) {
            return "Float";
        }
        if (Literal.XSD_BOOLEAN.equals(t)) {
            return "Boolean";
        }
        return "Text";
    }

    /**
     * The run's outputs: the files it published (Nextflow publishDir), or when it published none, the files its tasks
     * wrote that no task read (ML run documents and telemetry aside).
     */
    private List<QualifiedName> workflowOutputs() {
        List<QualifiedName> published = new ArrayList<>();
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            Literal p = e.attributes().first(Vocab.ph("published"));
            if (p != null && "true".equals(p.lexical())) {
                published.add(e.id());
            }
        }
        if (!published.isEmpty()) {
            return published;
        }
        List<QualifiedName> terminal = new ArrayList<>();
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            QualifiedName p = wd.producer(e.id());
            if (p != null
                    && !consumed.contains(e.id())
                    && isTask(p)
                    && !hasType(e, Vocab.ML_RUN_DOCUMENT)
                    && !hasType(e, Vocab.TELEMETRY_METRIC)
                    && e.attributes().first(Prov.LOCATION) != null
                    && uriOf(e.attributes().first(Prov.LOCATION).lexical(), e.id()) != null) {
                terminal.add(e.id());
            }
        }
        return terminal;
    }

    /** What the run as a whole read (e.g. the data that triggered it), and files tasks read that no task wrote. */
    private List<QualifiedName> workflowInputs(QualifiedName workflow) {
        Set<QualifiedName> out = new LinkedHashSet<>(wd.used(workflow));
        for (ProvRecord u : doc.records(RecordKind.USED)) {
            QualifiedName e = u.ref(Formal.ENTITY);
            QualifiedName a = u.ref(Formal.ACTIVITY);
            if (e != null && a != null && isTask(a) && wd.producer(e) == null) {
                out.add(e);
            }
        }
        return new ArrayList<>(out);
    }

    private boolean isTask(QualifiedName activity) {
        ProvRecord r = doc.element(activity);
        return r != null && Vocab.LEVEL_TASK.equals(text(r, Vocab.LEVEL));
    }

    /** Copies an output into {@code outputs/} (its path under the run's output directory kept) when within limits. */
    private void includeOutput(QualifiedName entity, String outputDir, String formalParameter) throws IOException {
        ProvRecord e = doc.element(entity);
        String location = e == null ? null : text(e, Prov.LOCATION);
        if (location == null || fileIds.containsKey(entity)) {
            return;
        }
        Path p = path(location);
        String uri = uriOf(location, entity);
        if (uri == null) {
            return;
        }
        if (p == null) {
            exampleOf.putIfAbsent(uri, formalParameter);
            return;
        }
        String relative = p.getFileName().toString();
        Path base = path(outputDir);
        if (base != null && p.startsWith(base)) {
            relative = base.relativize(p).toString().replace('\\', '/');
        }
        CrateFiles.Copied c = files.ifWithinLimits(p, "outputs", relative);
        if (c != null) {
            fileIds.put(entity, c.id());
            exampleOf.putIfAbsent(c.id(), formalParameter);
            writeFile(e, c.id(), c, p);
        } else {
            exampleOf.putIfAbsent(uri, formalParameter);
        }
    }

    /** The crate {@code @id} of an entity with a location, its File entity written on first sight; null without one. */
    private String file(QualifiedName entityId) throws IOException {
        return file(entityId, null);
    }

    private String file(QualifiedName entityId, String formalParameter) throws IOException {
        String known = fileIds.get(entityId);
        if (known != null) {
            return known;
        }
        ProvRecord e = doc.element(entityId);
        String location = e == null ? null : text(e, Prov.LOCATION);
        if (location == null) {
            return null;
        }
        String uri = uriOf(location, entityId);
        if (formalParameter != null && uri != null) {
            exampleOf.put(uri, formalParameter);
        }
        if (hasType(e, Vocab.ML_RUN_DOCUMENT)) {
            String inside = mlDocument(e, location);
            if (inside != null) {
                fileIds.put(entityId, inside);
                return inside;
            }
        }
        if (hasType(e, Vocab.TELEMETRY_METRIC)) {
            Path p = path(location);
            CrateFiles.Copied c = files.ifWithinLimits(
                    p, "telemetry", p == null ? "" : p.getFileName().toString());
            if (c != null) {
                fileIds.put(entityId, c.id());
                writeFile(e, c.id(), c, p);
                return c.id();
            }
        }
        String id = uriOf(location, entityId);
        if (id == null) {
            return null;
        }
        fileIds.put(entityId, id);
        if (!written.contains(id)) {
            writeFile(e, id, null, null);
        }
        return id;
    }

    /**
     * An absolute IRI for a location: file paths as {@code file:} URIs, URIs as they are (characters IRIs do not allow
     * percent-encoded), anything else a local {@code #data-…} id; null for in-memory data that is not a file (Beam
     * PCollections), which the crate leaves out.
     */
    static String uriOf(String location, QualifiedName entityId) {
        if (location.startsWith("/")) {
            try {
                return Path.of(location).toUri().toString();
            } catch (InvalidPathException e) {
                // fall through
            }
        }
        if (location.startsWith("pcollection:")) {
            return null;
        }
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.startsWith("asset:")) {
            return iri(location);
        }
        return "#data-" + Ids.safeLocal(entityId.local());
    }

    /** {@code text} with the characters an IRI may not contain percent-encoded (UTF-8). */
    static String iri(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c == 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                sb.append('%').append(String.format("%02X", c));
            } else if (c >= 0x80) {
                sb.append('%').append(String.format("%02X", c)); // ASCII-only: safe for every reader
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** A data entity: {@code copied} when the file is in the crate, else referenced with what the document knows. */
    private void writeFile(ProvRecord e, String id, CrateFiles.Copied copied, Path original) throws IOException {
        boolean data = copied != null || !id.startsWith("#");
        Node f = node(id, data ? "File" : "CreativeWork");
        f.put("name", label(e));
        String location = text(e, Prov.LOCATION);
        if (!data) {
            f.put("identifier", location);
        }
        String format = encodingFormat(location == null ? id : location);
        if (format != null) {
            f.put("encodingFormat", format);
        }
        if (copied != null) {
            f.put("contentSize", String.valueOf(copied.size()));
            f.put("sha256", copied.sha256());
            f.put("alternateName", original.toString());
            rootParts.add(ref(id));
        } else {
            String size = text(e, Vocab.ph("size"));
            if (size != null) {
                f.put("contentSize", size);
            }
            String sha = text(e, Vocab.ph("sha256"));
            if (sha != null) {
                f.put("sha256", sha);
            }
        }
        String param = exampleOf.get(id);
        if (param != null) {
            f.set("exampleOfWork", ref(param));
        }
        emit(f);
    }

    /**
     * A task's yProv4ML run document and its metric files, copied into {@code ml/<entity>/} (the run directory's
     * layout kept, so the document's relative metric paths still resolve); null when the document is not readable
     * here (then it is referenced by URI like any file).
     */
    private String mlDocument(ProvRecord e, String location) throws IOException {
        Path source = path(location);
        String dir = "ml/" + CrateFiles.safeSegment(e.id().local());
        CrateFiles.Copied c = files.always(
                source, dir, source == null ? "" : source.getFileName().toString());
        if (c == null) {
            return null;
        }
        Node f = node(c.id(), "File");
        f.put("name", label(e));
        f.put("encodingFormat", "application/json");
        f.put("contentSize", String.valueOf(c.size()));
        f.put("sha256", c.sha256());
        f.put("alternateName", source.toString());
        f.put("description", "yProv4ML run document (W3C PROV-JSON) of this task's ML run");
        emit(f);
        rootParts.add(ref(c.id()));
        List<String> metrics = new ArrayList<>();
        Document ml;
        try {
            ml = ProvJsonReader.read(source);
        } catch (IOException | RuntimeException unreadable) {
            return c.id(); // linked when recorded; if it changed since, its metric files are not found
        }
        for (MetricFiles.Series s : MetricFiles.of(source, ml)) {
            String rel = s.runRelative();
            int slash = rel.lastIndexOf('/');
            boolean store = org.provhooks.core.ml.ZarrSeries.isStore(s.file());
            String parent = dir + (slash < 0 ? "" : "/" + rel.substring(0, slash));
            CrateFiles.Copied m = store
                    ? files.treeIfWithinLimits(s.file(), parent, rel.substring(slash + 1))
                    : files.ifWithinLimits(s.file(), parent, rel.substring(slash + 1));
            if (m == null) {
                continue;
            }
            if (store) {
                // A Zarr store is a directory: a Dataset, its chunk files not listed one by one.
                Node ds = node(m.id(), "Dataset");
                ds.put("name", "metric " + s.name() + " (Zarr store)");
                ds.put("description", "Zarr store of the series: arrays epochs, values and timestamps");
                ds.set("about", ref(c.id()));
                emit(ds);
                rootParts.add(ref(m.id()));
                metrics.add(m.id());
                continue;
            }
            Node mf = node(m.id(), "File");
            mf.put("name", "metric " + s.name());
            String format = encodingFormat(m.id());
            if (format != null) {
                mf.put("encodingFormat", format);
            }
            mf.put("contentSize", String.valueOf(m.size()));
            mf.put("sha256", m.sha256());
            mf.set("about", ref(c.id()));
            emit(mf);
            rootParts.add(ref(m.id()));
            metrics.add(m.id());
        }
        companions.put(e.id(), metrics);
        return c.id();
    }

    /** An action with its instrument, agent, times, status and resource use, from a PROV activity. */
    private Node action(String id, ProvRecord activity, String instrument, String person) {
        Node a = node(id, "CreateAction");
        a.set("instrument", ref(instrument));
        if (person != null) {
            a.set("agent", ref(person));
        }
        String status = String.valueOf(text(activity, Vocab.STATUS)).toLowerCase(Locale.ROOT);
        boolean cached = status.equals("cached");
        Instant start = activity.time(Formal.START_TIME);
        Instant end = activity.time(Formal.END_TIME);
        if (cached) {
            // Its times are those of the earlier run that computed the result, recorded as attributes.
            String s = text(activity, Vocab.ph("original_start"));
            String e = text(activity, Vocab.ph("original_complete"));
            if (s != null) {
                a.put("startTime", s);
            }
            if (e != null) {
                a.put("endTime", e);
            }
            a.put(
                    "description",
                    "Not run again: the result of an earlier run was reused (cached); times are those of that run");
        } else {
            if (start != null) {
                a.put("startTime", start.toString());
            }
            if (end != null) {
                a.put("endTime", end.toString());
            }
        }
        String attempt = firstOf(activity, "attempt", "try_number");
        if (attempt != null && !attempt.equals("1") && !cached) {
            a.put("description", "Attempt " + attempt);
        }
        boolean failed = status.contains("fail") || status.contains("abort") || status.contains("error");
        a.set("actionStatus", ref("http://schema.org/" + (failed ? "FailedActionStatus" : "CompletedActionStatus")));
        if (failed) {
            String error = firstOf(activity, "error_message", "error");
            String exit = firstOf(activity, "exit", "exit_status");
            if (error == null && exit != null) {
                error = "exit status " + exit;
            }
            if (error != null) {
                a.put("error", error);
            }
        }
        List<Object> usage = new ArrayList<>();
        usage(activity, usage, id, "duration", "duration_ms", "MilliSEC");
        usage(activity, usage, id, "realtime", "realtime_ms", "MilliSEC");
        usage(activity, usage, id, "duration_s", "duration_s", "SEC");
        cpuTime(activity, usage, id);
        usage(activity, usage, id, "peak_rss", "peak_rss", "BYTE");
        usage(activity, usage, id, "read_bytes", "read_bytes", "BYTE");
        usage(activity, usage, id, "write_bytes", "write_bytes", "BYTE");
        usage(activity, usage, id, "energy", "energy_j", "J");
        usage(activity, usage, id, "co2e", "co2e_g", "GM");
        String method = text(activity, Vocab.ph("energy_method"));
        if (method != null && !usage.isEmpty()) {
            Node m = node(id + "-energy-method", "PropertyValue");
            m.put("name", "energy_method");
            m.put("propertyID", Vocab.PROVHOOKS.uri() + "energy_method");
            m.put("value", method);
            emitQuietly(m);
            usage.add(ref(id + "-energy-method"));
        }
        if (!usage.isEmpty()) {
            a.set("resourceUsage", usage);
        }
        return a;
    }

    private void usage(ProvRecord activity, List<Object> usage, String id, String name, String attr, String unit) {
        Literal v = activity.attributes().first(Vocab.ph(attr));
        if (v == null) {
            return;
        }
        property(usage, id + "-" + name, name, Vocab.PROVHOOKS.uri() + attr, v.lexical(), unit);
    }

    /** CPU time as Nextflow defines it: %cpu × realtime. */
    private void cpuTime(ProvRecord activity, List<Object> usage, String id) {
        String pcpu = text(activity, Vocab.ph("pcpu"));
        String realtime = text(activity, Vocab.ph("realtime_ms"));
        if (pcpu == null || realtime == null) {
            return;
        }
        try {
            long ms = Math.round(Double.parseDouble(pcpu) / 100.0 * Double.parseDouble(realtime));
            property(
                    usage,
                    id + "-cpu-time",
                    "cpu_time",
                    Vocab.PROVHOOKS.uri() + "cpu_time_ms",
                    String.valueOf(ms),
                    "MilliSEC");
        } catch (NumberFormatException e) {
            // not numbers: left out
        }
    }

    private void property(List<Object> usage, String pid, String name, String propertyId, String value, String unit) {
        if (written.contains(pid)) {
            return;
        }
        Node p = node(pid, "PropertyValue");
        p.put("name", name);
        p.put("propertyID", propertyId);
        p.put("value", value);
        p.put("unitCode", QUDT + unit);
        emitQuietly(p);
        usage.add(ref(pid));
    }

    /** The workflow language entity: WorkflowHub's identifier for Nextflow, a described language otherwise. */
    private String language(String engine, ProvRecord wf) throws IOException {
        EngineKind kind = EngineKind.of(engine);
        Node lang;
        if (kind == EngineKind.NEXTFLOW) {
            lang = node("https://w3id.org/workflowhub/workflow-ro-crate#nextflow", "ComputerLanguage");
            lang.put("name", "Nextflow");
            lang.put("url", "https://www.nextflow.io/");
        } else if (kind == EngineKind.BEAM) {
            lang = node("#apache-beam", "ComputerLanguage");
            lang.put("name", "Apache Beam (Java SDK)");
            lang.put("url", "https://beam.apache.org/");
            String main = text(wf, Vocab.ph("pipeline_class"));
            if (main != null) {
                lang.put("description", "Pipeline class " + main);
            }
        } else if (kind == EngineKind.AIRFLOW) {
            lang = node("#apache-airflow", "ComputerLanguage");
            lang.put("name", "Apache Airflow (Python DAG)");
            lang.put("url", "https://airflow.apache.org/");
        } else {
            lang = node("#language", "ComputerLanguage");
            lang.put("name", engine);
        }
        String version = engineVersion();
        if (version != null) {
            lang.put("version", version);
        }
        emit(lang);
        return (String) lang.get("@id");
    }

    /** The media type of a file by its name, where it is a common one. */
    static String encodingFormat(String name) {
        String n = name.toLowerCase(Locale.ROOT);
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
            Map.entry(".nf", "text/x-nextflow"),
            Map.entry(".py", "text/x-python"),
            Map.entry(".java", "text/x-java"),
            Map.entry(".bam", "application/octet-stream"));

    private static String toolId(String tool) {
        return "#tool-" + Ids.safeLocal(tool);
    }

    private static String stepId(String tool) {
        return "#step-" + Ids.safeLocal(tool);
    }

    private static Node node(String id, String... types) {
        Node e = new Node();
        e.put("@id", id);
        if (types.length == 1) {
            e.put("@type", types[0]);
        } else {
            e.put("@type", List.of((Object[]) types));
        }
        return e;
    }

    private static Node ref(String id) {
        Node n = new Node();
        n.put("@id", id);
        return n;
    }

    /** Writes an entity to the metadata file now; each {@code @id} once. */
    private void emit(Node n) throws IOException {
        String id = (String) n.get("@id");
        if (written.add(id)) {
            write(out, n);
        }
    }

    private void emitQuietly(Node n) {
        try {
            emit(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A JSON object of the crate's graph, in insertion order. */
    private static final class Node extends LinkedHashMap<String, Object> {
        void set(String key, Object value) {
            put(key, value);
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

    private static Path path(String location) {
        if (location == null || !location.startsWith("/")) {
            return null;
        }
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
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
    private String person() throws IOException {
        for (ProvRecord a : doc.records(RecordKind.AGENT)) {
            if (hasType(a, Prov.PERSON)) {
                String id = "#person-" + Ids.safeLocal(a.id().local());
                Node p = node(id, "Person");
                p.put("name", label(a));
                emit(p);
                return id;
            }
        }
        return null;
    }

    private ProvRecord engineAgent() {
        for (ProvRecord a : doc.records(RecordKind.AGENT)) {
            if (hasType(a, Vocab.ENGINE_AGENT)) {
                return a;
            }
        }
        return null;
    }

    private String engineLabel(String engine) {
        ProvRecord a = engineAgent();
        return a == null ? engine : label(a);
    }

    private String engineVersion() {
        ProvRecord a = engineAgent();
        return a == null ? null : text(a, Vocab.ph("version"));
    }
}
