package org.provhooks.core.sink;

import java.nio.file.Path;
import java.util.Objects;
import org.provhooks.core.model.Document;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.workflow.Ids;

/**
 * A document handed to a {@link Sink}: its server id, its file name, and either the document in memory or a
 * file already on disk (e.g. a task's yProv4ML run document).
 *
 * <pre>{@code
 * ProvDocument wf = ProvDocument.of("happy_turing", doc);             // id happy-turing-…, file happy_turing.prov.json
 * ProvDocument ml = ProvDocument.ofFile("happy-turing-3-mnist", runDocPath);
 * }</pre>
 */
public record ProvDocument(String id, String fileName, Document document, Path file) {
    public ProvDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        if ((document == null) == (file == null)) {
            throw new IllegalArgumentException("a ProvDocument holds either a document or a file");
        }
    }

    /** A document named after a run: the id follows the yProv rules, the file name keeps the run name readable. */
    public static ProvDocument of(String runName, Document document) {
        return new ProvDocument(DocumentIds.derive(runName), Ids.safeLocal(runName) + ".prov.json", document, null);
    }

    /** A document already written to {@code file}, pushed under {@code id}. */
    public static ProvDocument ofFile(String id, Path file) {
        return new ProvDocument(id, file.getFileName().toString(), null, file);
    }
}
