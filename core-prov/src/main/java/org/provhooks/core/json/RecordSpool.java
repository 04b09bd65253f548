package org.provhooks.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;

/**
 * Finished records kept on disk instead of in memory: one temporary file per record type, each a JSON object
 * of {@code id → record}. {@link ProvJsonWriter#write(org.provhooks.core.model.Document, RecordSpool,
 * java.io.OutputStream, boolean)} streams them into the final document token by token, so memory stays flat
 * however many tasks a run has. Records without an id get keys {@code _:sN}.
 *
 * <!-- given: ProvRecord taskActivity, Document smallDocument, OutputStream out | import org.provhooks.core.model.Document -->
 * <pre>{@code
 * try (RecordSpool spool = RecordSpool.create(Files.createTempDirectory("prov"))) {
 *     spool.append(taskActivity);
 *     ProvJsonWriter.write(smallDocument, spool, out, true);
 * }
 * }</pre>
 */
public final class RecordSpool implements Closeable {
    private final Path dir;
    private final Map<RecordKind, JsonGenerator> writers = new EnumMap<>(RecordKind.class);
    private long relations;
    private long size;
    private boolean sealed;

    private RecordSpool(Path dir) {
        this.dir = dir;
    }

    /** A spool in a new temporary directory under {@code parent}. */
    public static RecordSpool create(Path parent) throws IOException {
        Files.createDirectories(parent);
        return new RecordSpool(Files.createTempDirectory(parent, "provhooks-spool"));
    }

    /** Writes a finished record to disk. */
    public synchronized void append(ProvRecord r) {
        if (sealed) {
            throw new IllegalStateException("the spool was already written out");
        }
        try {
            JsonGenerator g = writers.get(r.kind());
            if (g == null) {
                g = ProvJsonWriter.FACTORY.createGenerator(
                        new BufferedOutputStream(Files.newOutputStream(file(r.kind())), 1 << 16), JsonEncoding.UTF8);
                g.writeStartObject();
                writers.put(r.kind(), g);
            }
            g.writeFieldName(r.id() != null ? r.id().text() : "_:s" + (++relations));
            ProvJsonWriter.writeRecord(r, g);
            size++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a " + r.kind().jsonName() + " record to " + dir, e);
        }
    }

    /** The spool's directory: other on-disk state of the same run may live here and is deleted with it. */
    public Path directory() {
        return dir;
    }

    /** Number of records spooled. */
    public synchronized long size() {
        return size;
    }

    synchronized boolean has(RecordKind kind) {
        return writers.containsKey(kind);
    }

    /** Closes the files for writing; after this, sections can be copied any number of times. */
    synchronized void seal() throws IOException {
        if (!sealed) {
            for (JsonGenerator g : writers.values()) {
                g.writeEndObject();
                g.close();
            }
            sealed = true;
        }
    }

    /** Copies the spooled records of {@code kind} as fields into the object {@code g} is writing. */
    synchronized void copySection(RecordKind kind, JsonGenerator g) throws IOException {
        if (!writers.containsKey(kind)) {
            return;
        }
        seal();
        try (InputStream in = Files.newInputStream(file(kind));
                JsonParser p = ProvJsonWriter.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("spool file of " + kind.jsonName() + " is damaged");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                g.writeFieldName(p.currentName());
                p.nextToken();
                g.copyCurrentStructure(p);
            }
        }
    }

    private Path file(RecordKind kind) {
        return dir.resolve(kind.jsonName() + ".json");
    }

    /** Deletes the spool's files. */
    @Override
    public synchronized void close() {
        try {
            seal();
        } catch (IOException e) {
            // deleting anyway
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
