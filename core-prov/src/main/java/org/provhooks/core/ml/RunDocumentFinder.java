package org.provhooks.core.ml;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds candidate yProv4ML run documents under a task's directory by glob patterns relative to it, such as
 * {@code prov_*.json} and {@code prov/**}{@code /*.json}. Hidden files and directories are skipped; the walk is
 * bounded in depth and does not follow symbolic links: engines stage a task's inputs as links to other tasks'
 * files, and a run document found through such a link belongs to the task that wrote it.
 *
 * <!-- given: Path workDir -->
 * <pre>{@code
 * List<Path> docs = RunDocumentFinder.of(List.of("prov_*.json", "prov/**}{@code /*.json")).find(workDir);
 * }</pre>
 */
public final class RunDocumentFinder {
    public static final List<String> DEFAULT_PATTERNS = List.of("prov_*.json", "prov/**/*.json");
    private static final int MAX_DEPTH = 8;

    private final List<PathMatcher> matchers;

    private RunDocumentFinder(List<PathMatcher> matchers) {
        this.matchers = matchers;
    }

    /**
     * @throws IllegalArgumentException with the bad pattern named, when one is not a valid glob
     */
    public static RunDocumentFinder of(List<String> patterns) {
        List<PathMatcher> ms = new ArrayList<>();
        for (String p : patterns) {
            try {
                ms.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid file pattern '" + p + "': " + e.getMessage());
            }
        }
        return new RunDocumentFinder(List.copyOf(ms));
    }

    /**
     * Matching regular files under {@code dir}, sorted; a missing or unreadable directory gives none, an unreadable
     * subdirectory is skipped.
     */
    public List<Path> find(Path dir) {
        List<Path> found = new ArrayList<>();
        try {
            collect(dir, dir, 1, found);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        found.sort(null);
        return found;
    }

    /**
     * Called for every task: hidden names are skipped before anything is read of them (a Nextflow task directory is
     * mostly its hidden {@code .command.*} files), and each other entry is read once, without following links.
     */
    private void collect(Path root, Path dir, int depth, List<Path> found) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue; // gone or unreadable
                }
                if (attributes.isDirectory()) {
                    if (depth < MAX_DEPTH) {
                        try {
                            collect(root, p, depth + 1, found);
                        } catch (IOException e) {
                            // an unreadable subdirectory holds nothing we can read
                        }
                    }
                } else if (attributes.isRegularFile() && matches(root.relativize(p))) {
                    found.add(p);
                }
            }
        }
    }

    private boolean matches(Path relative) {
        for (PathMatcher m : matchers) {
            if (m.matches(relative)) {
                return true;
            }
        }
        return false;
    }
}
