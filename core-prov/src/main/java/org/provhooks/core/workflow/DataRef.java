package org.provhooks.core.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of data a task reads or writes: a file or any URI-addressed dataset. The {@code key} (absolute
 * path or URI) decides identity: the same key is the same PROV entity, which links producer and consumer.
 *
 * <pre>{@code
 * DataRef in = DataRef.file(Path.of("/data/reads.fq"));
 * DataRef table = DataRef.of("bigquery:proj.ds.table", "table");
 * }</pre>
 */
public record DataRef(String key, String label, Long sizeBytes, String sha256, Map<String, Object> attributes) {
    public DataRef {
        Objects.requireNonNull(key, "key");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A file, keyed by its absolute normalised path; size is read when the file exists. */
    public static DataRef file(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Long size = null;
        try {
            if (Files.isRegularFile(abs)) {
                size = Files.size(abs);
            }
        } catch (IOException e) {
            size = null;
        }
        Path name = abs.getFileName();
        return new DataRef(abs.toString(), name == null ? abs.toString() : name.toString(), size, null, Map.of());
    }

    public static DataRef of(String key, String label) {
        return new DataRef(key, label, null, null, Map.of());
    }

    public DataRef withSha256(String hex) {
        return new DataRef(key, label, sizeBytes, hex, attributes);
    }

    public DataRef withAttributes(Map<String, Object> extra) {
        return new DataRef(key, label, sizeBytes, sha256, extra);
    }
}
