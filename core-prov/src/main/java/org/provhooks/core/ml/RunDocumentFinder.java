package org.provhooks.core.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

    /** Matching regular files under {@code dir}, sorted; an unreadable or missing directory gives none. */
    public List<Path> find(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, MAX_DEPTH)) {
            return s.filter(p -> !p.equals(dir))
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        Path rel = dir.relativize(p);
                        return matchers.stream().anyMatch(m -> m.matches(rel));
                    })
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static boolean isHidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
