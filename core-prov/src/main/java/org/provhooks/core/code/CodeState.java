package org.provhooks.core.code;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.util.AtomicFiles;

/**
 * The state of the code a run ran: the git repository a directory is in, its commit and branch, and whether the work
 * tree had uncommitted changes (then the digest of that diff and, optionally, the diff itself as a file). Read with
 * JGit, no git executable needed.
 *
 * <pre>{@code
 * Optional<CodeState> code = CodeState.of(Path.of("."), Path.of("provenance/run-code.diff"), CodeState.MAX_DIFF_BYTES);
 * }</pre>
 *
 * @param repository the {@code origin} remote (else the first remote), credentials removed; null when there is none
 * @param commit     the commit checked out (HEAD), or null in a repository without commits
 * @param branch     the branch checked out, or null when HEAD is detached
 * @param dirty      whether tracked files differ from the commit (untracked files do not count, as {@code git
 *                   describe --dirty})
 * @param diffSha256 SHA-256 of the whole uncommitted diff (HEAD to work tree, unified), or null when clean
 * @param diffFile   where the diff was written (secrets masked, cut at the size limit), or null
 * @param diffBytes  the whole diff's size in bytes (0 when clean)
 * @param truncated  whether the diff file was cut at the size limit
 */
public record CodeState(
        String repository,
        String commit,
        String branch,
        boolean dirty,
        String diffSha256,
        Path diffFile,
        long diffBytes,
        boolean truncated) {
    /** The most of a diff written to its file. */
    public static final long MAX_DIFF_BYTES = 1024 * 1024;

    /**
     * The code state of the repository {@code dir} is in, or empty when it is in none (or the repository cannot be
     * read: the run goes on without it).
     *
     * @param diffFile where to write the uncommitted diff when there is one, or null for none
     */
    public static Optional<CodeState> of(Path dir, Path diffFile, long maxDiffBytes) {
        FileRepositoryBuilder b = new FileRepositoryBuilder()
                .readEnvironment()
                .findGitDir(dir.toAbsolutePath().toFile());
        if (b.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = b.setMustExist(true).build();
                Git git = new Git(repo)) {
            ObjectId head = repo.resolve("HEAD");
            String branch = repo.getFullBranch() != null && repo.getFullBranch().startsWith("refs/heads/")
                    ? repo.getBranch()
                    : null;
            String remote = remoteUrl(repo);
            if (head == null) {
                return Optional.of(new CodeState(remote, null, branch, false, null, null, 0, false));
            }
            boolean dirty = repo.isBare() ? false : git.status().call().hasUncommittedChanges();
            if (!dirty) {
                return Optional.of(new CodeState(remote, head.name(), branch, false, null, null, 0, false));
            }
            Diff diff = diff(repo, git, diffFile, maxDiffBytes);
            return Optional.of(new CodeState(
                    remote,
                    head.name(),
                    branch,
                    true,
                    diff.sha256,
                    diffFile == null ? null : diffFile.toAbsolutePath(),
                    diff.bytes,
                    diff.bytes > maxDiffBytes));
        } catch (IOException | GitAPIException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String remoteUrl(Repository repo) {
        var config = repo.getConfig();
        String url = config.getString("remote", "origin", "url");
        if (url == null) {
            for (String name : config.getSubsections("remote")) {
                url = config.getString("remote", name, "url");
                if (url != null) {
                    break;
                }
            }
        }
        return url == null ? null : withoutCredentials(url);
    }

    /**
     * A remote URL without credentials: the whole user info of an http(s) URL (a token is often given as the user
     * name), the password of any other; {@code git@host:org/repo.git} stays as it is.
     */
    public static String withoutCredentials(String url) {
        try {
            URI u = new URI(url);
            if (u.getRawUserInfo() == null || u.getHost() == null) {
                return url;
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            String info = u.getRawUserInfo();
            String keep =
                    scheme.startsWith("http") ? null : info.contains(":") ? info.substring(0, info.indexOf(':')) : info;
            return new URI(scheme, keep, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment())
                    .toString();
        } catch (URISyntaxException e) {
            return Redactor.redactValue(url); // scp-like syntax (user@host:path) or worse: mask what looks secret
        }
    }

    private record Diff(String sha256, long bytes) {}

    /**
     * The uncommitted changes to tracked files as a unified diff (staged, then unstaged: what {@code git diff HEAD}
     * shows, untracked files left out): digested whole, written masked and cut to {@code max}.
     */
    private static Diff diff(Repository repo, Git git, Path file, long max) throws IOException, GitAPIException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long[] total = {0};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
                long room = max - total[0];
                if (room > 0) {
                    kept.write(b, off, (int) Math.min(room, len));
                }
                total[0] += len;
            }
        };
        git.diff().setCached(true).setOutputStream(sink).call();
        // Index to work tree: JGit would list untracked files too; only the tracked ones that changed are code state.
        var status = git.status().call();
        java.util.Set<String> changed = new java.util.TreeSet<>(status.getModified());
        changed.addAll(status.getMissing());
        if (!changed.isEmpty()) {
            git.diff()
                    .setPathFilter(org.eclipse.jgit.treewalk.filter.PathFilterGroup.createFromStrings(changed))
                    .setOutputStream(sink)
                    .call();
        }
        if (file != null) {
            String text = kept.toString(StandardCharsets.UTF_8);
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, out -> {
                // Not closed here: AtomicFiles flushes, syncs and closes the stream itself.
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                String[] lines = text.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    w.write(Redactor.redactValue(lines[i]));
                    if (i < lines.length - 1) {
                        w.write('\n');
                    }
                }
                if (total[0] > max) {
                    w.write("\n# provhooks: diff cut at " + max + " of " + total[0] + " bytes\n");
                }
                w.flush();
            });
        }
        return new Diff(HexFormat.of().formatHex(sha.digest()), total[0]);
    }
}
