package org.provhooks.core.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.provhooks.core.util.AtomicFiles;
import org.provhooks.core.workflow.Ids;

/**
 * What ProvHooks uploaded to one yProvStore, kept beside the outbox: one small JSON file per lineage in
 * {@code <outbox>/yprov-store/<host>_<port>/}, holding the last version's PID and number, the digest of what was
 * uploaded, the PIDs it was linked to and whether its metadata was set. A run pushed again (Nextflow {@code -resume},
 * the bridge seeing a DAG run again, {@code provhooks push} of a changed file) becomes the next version of its
 * lineage; the same content is never uploaded twice.
 *
 * <pre>{@code
 * StoreRecords records = StoreRecords.open(Path.of(System.getProperty("user.home"), ".provhooks/outbox"), URI.create("http://localhost:8000/"));
 * }</pre>
 */
public final class StoreRecords {
    /** The directory under the outbox. */
    public static final String DIRECTORY = "yprov-store";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path dir;

    private StoreRecords(Path dir) {
        this.dir = dir;
    }

    /** The records of {@code server} in the outbox directory {@code outboxDir}. */
    public static StoreRecords open(Path outboxDir, URI server) {
        String port = server.getPort() < 0 ? "" : "_" + server.getPort();
        return new StoreRecords(outboxDir.resolve(DIRECTORY).resolve(Ids.safeLocal(server.getHost() + port)));
    }

    /**
     * One lineage's state on the store.
     *
     * @param key       the lineage key (see {@link StoreDeliverer})
     * @param pid       the last uploaded version's PID
     * @param version   its version number
     * @param first     the PID of the lineage's first version
     * @param sha256    digest of the uploaded bytes
     * @param related   PIDs the last version was linked to
     * @param described whether its metadata was set
     */
    public record Lineage(
            String key, String pid, int version, String first, String sha256, List<String> related, boolean described) {
        public Lineage {
            related = List.copyOf(related);
        }

        Lineage withRelated(List<String> pids) {
            return new Lineage(key, pid, version, first, sha256, pids, described);
        }

        Lineage asDescribed() {
            return new Lineage(key, pid, version, first, sha256, related, true);
        }
    }

    /** The lineage of {@code key}, or null when nothing was uploaded for it (or its record is unreadable). */
    public Lineage get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(f);
                JsonParser p = JSON.createParser(in)) {
            String pid = null;
            String first = null;
            String sha = null;
            int version = 0;
            boolean described = false;
            List<String> related = new ArrayList<>();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "pid" -> pid = p.getValueAsString();
                    case "first" -> first = p.getValueAsString();
                    case "sha256" -> sha = p.getValueAsString();
                    case "version" -> version = p.getValueAsInt();
                    case "described" -> described = p.getValueAsBoolean();
                    case "related" -> {
                        if (v == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.VALUE_STRING) {
                                related.add(p.getText());
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return pid == null
                    ? null
                    : new Lineage(key, pid, version, first == null ? pid : first, sha, related, described);
        } catch (IOException e) {
            return null; // a torn or foreign file: the next upload starts a new lineage rather than fail
        }
    }

    /** Saves a lineage's state (atomically: a crash leaves the old or the new record, never half of one). */
    public void put(Lineage l) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("key", l.key());
            g.writeStringField("pid", l.pid());
            g.writeNumberField("version", l.version());
            g.writeStringField("first", l.first());
            g.writeStringField("sha256", l.sha256());
            g.writeArrayFieldStart("related");
            for (String r : l.related()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeBooleanField("described", l.described());
            g.writeEndObject();
        }
        Files.createDirectories(dir);
        AtomicFiles.write(file(l.key()), out -> out.write(w.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A readable file name for a key, made unique by a short digest of the whole key. */
    private Path file(String key) {
        String readable = Ids.safeLocal(key);
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        return dir.resolve(readable + "-" + Ids.hash(key, 8) + ".json");
    }
}
