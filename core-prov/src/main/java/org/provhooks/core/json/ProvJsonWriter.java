package org.provhooks.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.model.Times;
import org.provhooks.core.util.AtomicFiles;

/**
 * Writes a {@link Document} as W3C PROV-JSON with Jackson's streaming generator.
 * Follows the emitter rules: every prefix declared, relation keys {@code _:rN}, typed literals for every
 * non-string value, UTC times, no empty sections.
 *
 * <!-- given: Document doc -->
 * <pre>{@code
 * ProvJsonWriter.pretty().write(doc, Path.of("run.prov.json"));
 * String json = ProvJsonWriter.compact().writeToString(doc);
 * }</pre>
 */
public final class ProvJsonWriter {
    static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final ProvJsonWriter PRETTY = new ProvJsonWriter(true);
    private static final ProvJsonWriter COMPACT = new ProvJsonWriter(false);

    private final boolean pretty;

    private ProvJsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** A writer that indents its output (for files people read). */
    public static ProvJsonWriter pretty() {
        return PRETTY;
    }

    /** A writer without whitespace (for transport and speed). */
    public static ProvJsonWriter compact() {
        return COMPACT;
    }

    /** Writes to {@code out} (not closed) as UTF-8. */
    public void write(Document doc, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeTo(doc, g);
        }
    }

    /** Writes to {@code out} (not closed). */
    public void write(Document doc, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeTo(doc, g);
        }
    }

    /** Writes atomically to {@code file}: a temporary file next to it, flushed to disk, then renamed. */
    public void write(Document doc, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(doc, out));
    }

    public String writeToString(Document doc) {
        StringWriter w = new StringWriter();
        try {
            write(doc, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Writes {@code doc} together with the records kept in {@code spool} (same sections, spooled records after
     * the in-memory ones) to {@code out} (not closed).
     */
    public static void write(Document doc, RecordSpool spool, OutputStream out, boolean pretty) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            writeBody(doc, spool, g, new int[] {0}, true);
            g.flush();
        }
    }

    private void writeTo(Document doc, JsonGenerator g) throws IOException {
        if (pretty) {
            g.useDefaultPrettyPrinter();
        }
        int[] relationCounter = {0};
        writeBody(doc, null, g, relationCounter, true);
        g.flush();
    }

    private static void writeBody(
            Document doc, RecordSpool spool, JsonGenerator g, int[] relationCounter, boolean topLevel)
            throws IOException {
        g.writeStartObject();
        Map<String, Namespace> ns = doc.namespaces();
        if (!ns.isEmpty()) {
            g.writeFieldName("prefix");
            g.writeStartObject();
            for (Namespace n : ns.values()) {
                g.writeStringField(n.prefix(), n.uri());
            }
            g.writeEndObject();
        }
        for (RecordKind kind : RecordKind.values()) {
            List<ProvRecord> rs = doc.records(kind);
            boolean spooled = spool != null && spool.has(kind);
            if (rs.isEmpty() && !spooled) {
                continue;
            }
            g.writeFieldName(kind.jsonName());
            g.writeStartObject();
            for (ProvRecord r : rs) {
                if (r.id() != null) {
                    g.writeFieldName(r.id().text());
                } else {
                    g.writeFieldName("_:r" + (++relationCounter[0]));
                }
                writeRecord(r, g);
            }
            if (spooled) {
                spool.copySection(kind, g);
            }
            g.writeEndObject();
        }
        if (topLevel && !doc.bundles().isEmpty()) {
            g.writeFieldName("bundle");
            g.writeStartObject();
            for (Map.Entry<QualifiedName, Document> b : doc.bundles().entrySet()) {
                g.writeFieldName(b.getKey().text());
                writeBody(b.getValue(), null, g, relationCounter, false);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void writeRecord(ProvRecord r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Formal f : r.kind().formals()) {
            Object v = r.formal(f);
            if (v != null) {
                g.writeFieldName(f.qualifiedName().text());
                g.writeString(v instanceof QualifiedName q ? q.text() : Times.format((Instant) v));
            }
        }
        for (Map.Entry<QualifiedName, List<Literal>> a : r.attributes().asMap().entrySet()) {
            g.writeFieldName(a.getKey().text());
            List<Literal> values = a.getValue();
            if (values.size() == 1) {
                writeLiteral(values.get(0), g);
            } else {
                g.writeStartArray();
                for (Literal l : values) {
                    writeLiteral(l, g);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void writeLiteral(Literal l, JsonGenerator g) throws IOException {
        if (l.isPlainString()) {
            g.writeString(l.lexical());
            return;
        }
        g.writeStartObject();
        g.writeStringField("$", l.lexical());
        if (l.lang() != null) {
            g.writeStringField("lang", l.lang());
        } else {
            g.writeStringField("type", l.datatype().text());
        }
        g.writeEndObject();
    }
}
