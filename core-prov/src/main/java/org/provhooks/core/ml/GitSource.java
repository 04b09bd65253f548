package org.provhooks.core.ml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The git remote and commit of the repository a directory is in, read from {@code .git} directly (no git
 * executable needed). Used for the {@code source_code} parameter of run documents.
 */
public record GitSource(String remote, String commit) {

    /** Looks for a repository at {@code dir} or above it. */
    public static Optional<GitSource> find(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                try {
                    return Optional.ofNullable(read(git));
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static GitSource read(Path git) throws IOException {
        String head =
                Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        String commit = head;
        if (head.startsWith("ref: ")) {
            String ref = head.substring(5).trim();
            Path loose = git.resolve(ref);
            commit = null;
            if (Files.isRegularFile(loose)) {
                commit = Files.readString(loose, StandardCharsets.UTF_8).trim();
            } else if (Files.isRegularFile(git.resolve("packed-refs"))) {
                for (String line : Files.readAllLines(git.resolve("packed-refs"), StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        commit = line.substring(0, line.indexOf(' '));
                    }
                }
            }
        }
        if (commit == null || !commit.matches("[0-9a-f]{40,64}")) {
            return null;
        }
        String remote = null;
        Path config = git.resolve("config");
        if (Files.isRegularFile(config)) {
            List<String> lines = Files.readAllLines(config, StandardCharsets.UTF_8);
            boolean inOrigin = false;
            for (String raw : lines) {
                String line = raw.trim();
                if (line.startsWith("[")) {
                    inOrigin = line.equals("[remote \"origin\"]");
                } else if (inOrigin && line.startsWith("url")) {
                    remote = line.substring(line.indexOf('=') + 1).trim();
                }
            }
        }
        return new GitSource(remote, commit);
    }

    /** {@code <remote>/<commit>}, or the commit alone without a remote. */
    public String reference() {
        return remote == null ? commit : remote + "/" + commit;
    }
}
