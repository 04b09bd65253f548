package org.provhooks.core.sink;

import java.io.IOException;
import java.nio.file.Path;
import org.provhooks.core.util.AtomicFiles;

/**
 * The embedded default: writes each document to {@code <directory>/<file name>} atomically (temporary file,
 * fsync, rename). Documents that are already files are left where they are.
 *
 * <!-- given: Document doc | import org.provhooks.core.model.Document -->
 * <pre>{@code
 * Delivery d = new FileSink(Path.of("provenance")).submit(ProvDocument.of("run-1", doc));
 * }</pre>
 */
public final class FileSink implements Sink {
    private final Path directory;

    public FileSink(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Delivery submit(ProvDocument doc) {
        if (doc.body() == null) {
            return Delivery.skipped(name(), "already on disk at " + doc.file());
        }
        Path target = directory.resolve(doc.fileName());
        try {
            AtomicFiles.write(target, out -> doc.body().writeTo(out, true));
            return Delivery.written(name(), target.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            return Delivery.failed(name(), "cannot write " + target.toAbsolutePath() + ": " + describe(e));
        }
    }

    /** A file-system failure in words a user acts on, without the Java class name where one is known. */
    public static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String where = f.getFile() == null ? "" : f.getFile();
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                return "a file is in the way: " + where;
            }
            if (e instanceof java.nio.file.NoSuchFileException) {
                return "no such file or directory: " + where;
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                return "permission denied: " + where;
            }
            if (e instanceof java.nio.file.NotDirectoryException) {
                return "not a directory: " + where;
            }
            if (f.getReason() != null) {
                return where + ": " + f.getReason();
            }
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m.replace('\n', ' '));
    }
}
