package org.provhooks.core.sink;

import java.nio.file.Path;
import java.util.Objects;
import org.provhooks.core.json.DocumentBody;
import org.provhooks.core.model.Document;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.workflow.Ids;

/**
 * A document handed to a {@link Sink}: its server id, its file name, and either a body that writes it (an
 * in-memory or streamed document) or a file already on disk (e.g. a task's yProv4ML run document).
 *
 * <!-- given: Document doc, Path runDocPath -->
 * <pre>{@code
 * ProvDocument wf = ProvDocument.of("happy_turing", doc);             // id happy-turing-…, file happy_turing.prov.json
 * ProvDocument ml = ProvDocument.ofFile("happy-turing-3-mnist", runDocPath);
 * }</pre>
 */
public record ProvDocument(String id, String fileName, DocumentBody body, Path file) {
    public ProvDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        if ((body == null) == (file == null)) {
            throw new IllegalArgumentException("a ProvDocument holds either a document or a file");
        }
    }

    /** An in-memory document under an explicit id and file name. */
    public ProvDocument(String id, String fileName, Document document, Path file) {
        this(id, fileName, document == null ? null : DocumentBody.of(document), file);
    }

    /** A document named after a run: the id follows the yProv rules, the file name keeps the run name readable. */
    public static ProvDocument of(String runName, Document document) {
        return new ProvDocument(DocumentIds.derive(runName), Ids.safeLocal(runName) + ".prov.json", document, null);
    }

    /** A streamed document (e.g. from {@code WorkflowRecorder.finishStreaming}) under an explicit id and file name. */
    public static ProvDocument streamed(String id, String fileName, DocumentBody body) {
        return new ProvDocument(id, fileName, body, (Path) null);
    }

    /** A document already written to {@code file}, pushed under {@code id}. */
    public static ProvDocument ofFile(String id, Path file) {
        return new ProvDocument(id, file.getFileName().toString(), (DocumentBody) null, file);
    }

    /** A document file's name without {@code .prov.json} (or {@code .json}): what files made from it are named after. */
    public static String stem(String fileName) {
        return fileName.replaceFirst("(\\.prov)?\\.json$", "");
    }

    /** This document's file name without {@code .prov.json}, e.g. {@code happy_turing}. */
    public String stem() {
        return stem(fileName);
    }

    /** Writes the document to {@code target}, atomically: a copy of its file, or its body streamed. */
    public void saveTo(Path target) throws java.io.IOException {
        if (file != null) {
            java.nio.file.Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
            org.provhooks.core.util.AtomicFiles.write(target, (java.io.OutputStream out) -> body.writeTo(out, false));
        }
    }
}
