package org.provhooks.core.yprov;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.workflow.Vocab;

/**
 * The copy of a PROV-JSON document that goes to yProvStore, made in one streaming pass (any size, little memory).
 * yProvStore assigns identifiers on upload, so a workflow document cannot name its run documents' PIDs when it is
 * written: the copy adds {@code provhooks:yprov_pid} to each run-document entity (the ones with
 * {@code provhooks:document_ref}) whose document is already on the store. The pass also gathers what the store's
 * metadata says about the document: the workflow activity's name, run, engine, status and times, and the person who
 * ran it.
 *
 * <!-- given: Path file, Path tmpDir | import java.util.Map -->
 * <pre>{@code
 * StoreUploadCopy copy = StoreUploadCopy.make(file, (id, sha256) -> Map.of("happy-turing-train-1a2b", "21.T1/99").get(id), tmpDir);
 * copy.references();   // the run documents it links, by document id
 * }</pre>
 */
public final class StoreUploadCopy {
    private final Path file;
    private final List<String> references;
    private final Map<String, String> linkedPids;
    private final Map<String, String> workflow;
    private final String person;
    private final int tasks;

    private StoreUploadCopy(
            Path file,
            List<String> references,
            Map<String, String> linkedPids,
            Map<String, String> workflow,
            String person,
            int tasks) {
        this.file = file;
        this.references = references;
        this.linkedPids = linkedPids;
        this.workflow = workflow;
        this.person = person;
        this.tasks = tasks;
    }

    /** The copy to upload (a hidden temporary file in {@code tmpDir}; delete it when done). */
    public Path file() {
        return file;
    }

    /** The document ids of the run documents this document links ({@code provhooks:document_ref}), in order. */
    public List<String> references() {
        return references;
    }

    /** The PIDs written into the copy, by document id. */
    public Map<String, String> linkedPids() {
        return linkedPids;
    }

    /** Attributes of the workflow activity (level 0) by local name ({@code label}, {@code engine}, …); empty if none. */
    public Map<String, String> workflow() {
        return workflow;
    }

    /** The label of the person agent who ran it, or null. */
    public String person() {
        return person;
    }

    /** How many task activities (level 1) the document has. */
    public int tasks() {
        return tasks;
    }

    /**
     * Makes the copy.
     *
     * @param pids   the PID of a linked run document from its document id and its SHA-256 (as the entity records them),
     *               or null when it is not on the store (yet)
     * @param tmpDir where the copy is written
     * @throws ProvFormatException when the file is not a JSON object
     */
    public static StoreUploadCopy make(Path file, BiFunction<String, String, String> pids, Path tmpDir)
            throws IOException {
        Path out = Files.createTempFile(tmpDir, ".store-", ".json.tmp");
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = YProvHttp.JSON.createParser(in);
                OutputStream os = Files.newOutputStream(out);
                JsonGenerator g = YProvHttp.JSON.createGenerator(os)) {
            Pass pass = new Pass(p, g, pids);
            pass.document();
            g.flush();
            return new StoreUploadCopy(
                    out,
                    List.copyOf(pass.references),
                    Map.copyOf(pass.linked),
                    Map.copyOf(pass.workflow),
                    pass.person,
                    pass.tasks);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                throw new ProvFormatException(file + " is not JSON: " + j.getOriginalMessage());
            }
            throw e;
        }
    }

    /** One streaming copy of the document, gathering as it goes. */
    private static final class Pass {
        private final JsonParser p;
        private final JsonGenerator g;
        private final BiFunction<String, String, String> pids;
        /** Prefix names of our vocabularies, as this document declares them (the usual names until then). */
        private String ph = Vocab.PROVHOOKS.prefix();

        private String wfs = Vocab.YPROV4WFS.prefix();
        final List<String> references = new ArrayList<>();
        final Map<String, String> linked = new LinkedHashMap<>();
        final Map<String, String> workflow = new HashMap<>();
        String person;
        int tasks;

        Pass(JsonParser p, JsonGenerator g, BiFunction<String, String, String> pids) {
            this.p = p;
            this.g = g;
            this.pids = pids;
        }

        void document() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProvFormatException("a PROV-JSON document is a JSON object");
            }
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                g.writeFieldName(key);
                JsonToken v = p.nextToken();
                if (key.equals("prefix") && v == JsonToken.START_OBJECT) {
                    prefixes();
                } else if ((key.equals("entity") || key.equals("activity") || key.equals("agent"))
                        && v == JsonToken.START_OBJECT) {
                    records(key);
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            g.writeEndObject();
        }

        private void prefixes() throws IOException {
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                g.writeFieldName(name);
                if (v == JsonToken.VALUE_STRING) {
                    String iri = p.getText();
                    if (iri.equals(Vocab.PROVHOOKS.uri())) {
                        ph = name;
                    } else if (iri.equals(Vocab.YPROV4WFS.uri())) {
                        wfs = name;
                    }
                }
                g.copyCurrentStructure(p);
            }
            g.writeEndObject();
        }

        private void records(String kind) throws IOException {
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                g.writeFieldName(p.currentName());
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT) {
                    record(kind);
                } else if (v == JsonToken.START_ARRAY) {
                    g.writeStartArray();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        record(kind);
                    }
                    g.writeEndArray();
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            g.writeEndObject();
        }

        /** One record's attributes, copied; their texts kept for the few we read. */
        private void record(String kind) throws IOException {
            Map<String, String> attrs = new HashMap<>();
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                g.writeFieldName(name);
                JsonToken v = p.nextToken();
                if (v.isScalarValue()) {
                    attrs.put(name, p.getText());
                    g.copyCurrentEvent(p);
                } else if (v == JsonToken.START_OBJECT) {
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        g.writeFieldName(f);
                        JsonToken fv = p.nextToken();
                        if (f.equals("$") && fv.isScalarValue()) {
                            attrs.put(name, p.getText());
                        }
                        g.copyCurrentStructure(p);
                    }
                    g.writeEndObject();
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            String ref = attrs.get(ph + ":document_ref");
            if (kind.equals("entity") && ref != null) {
                references.add(ref);
                String pid = pids.apply(ref, attrs.get(ph + ":sha256"));
                if (pid != null && !attrs.containsKey(ph + ":yprov_pid")) {
                    g.writeStringField(ph + ":yprov_pid", pid);
                    linked.put(ref, pid);
                }
            }
            g.writeEndObject();
            if (kind.equals("activity")) {
                String level = attrs.get(wfs + ":level");
                if (Vocab.LEVEL_TASK.equals(level)) {
                    tasks++;
                } else if (Vocab.LEVEL_WORKFLOW.equals(level) && workflow.isEmpty()) {
                    attrs.forEach((k, val) -> workflow.put(k.substring(k.indexOf(':') + 1), val));
                }
            } else if (kind.equals("agent") && person == null && "prov:Person".equals(attrs.get("prov:type"))) {
                person = attrs.get("prov:label");
            }
        }
    }
}
