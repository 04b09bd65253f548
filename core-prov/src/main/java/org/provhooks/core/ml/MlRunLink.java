package org.provhooks.core.ml;

import java.nio.file.Path;
import org.provhooks.core.model.Document;

/**
 * A yProv4ML run document found for a task, ready to be linked.
 *
 * @param path     where the document is
 * @param info     what the recogniser found in it
 * @param sha256   the file's SHA-256 (hex)
 * @param size     the file's size in bytes
 * @param document the run document as read
 */
public record MlRunLink(Path path, MlRunInfo info, String sha256, long size, Document document) {}
