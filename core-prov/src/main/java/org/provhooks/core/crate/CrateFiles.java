package org.provhooks.core.crate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.provhooks.core.util.Hashing;

/**
 * Copies files into a crate directory: under names made safe (letters, digits, {@code . _ -}; no {@code ..}) so nothing
 * is written outside the crate, unique within it, and, for data the user may not want copied, within the size limits
 * of {@link CrateOptions}.
 */
final class CrateFiles {
    /** A file inside the crate: its {@code @id} (a relative path), size and SHA-256. */
    record Copied(String id, long size, String sha256) {}

    private final Path root;
    private final CrateOptions options;
    private final Set<String> used = new HashSet<>();
    private long budgetUsed;
    private int skipped;

    CrateFiles(Path crateDir, CrateOptions options) {
        this.root = crateDir.toAbsolutePath().normalize();
        this.options = options;
    }

    /** Reserves a name the crate writes itself (the metadata file, the PROV document). */
    void reserve(String name) {
        used.add(name);
    }

    /** Copies {@code source} whatever its size; null when it is not a readable regular file. */
    Copied always(Path source, String dir, String name) throws IOException {
        return copy(source, dir, name, false);
    }

    /** Copies {@code source} when it fits the per-file and total limits; null when it does not, or cannot be read. */
    Copied ifWithinLimits(Path source, String dir, String name) throws IOException {
        return copy(source, dir, name, true);
    }

    /**
     * Copies a directory (a Zarr metric store) whole when its total size fits the limits; its id ends with a slash,
     * as RO-Crate names directories. Null when it does not fit or cannot be read.
     */
    Copied treeIfWithinLimits(Path source, String dir, String name) throws IOException {
        if (source == null || !Files.isDirectory(source)) {
            return null;
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.walk(source)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        long size = 0;
        for (Path f : files) {
            size += Files.size(f);
        }
        if (overLimits(size)) {
            return null;
        }
        String id = unique(relative(dir, name));
        Path target = inside(id);
        for (Path f : files) {
            Path t = target.resolve(source.relativize(f).toString()).normalize();
            if (!t.startsWith(target)) {
                continue; // a link leading out of the store: not ours to copy
            }
            Files.createDirectories(t.getParent());
            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
        }
        budgetUsed += size;
        return new Copied(id + "/", size, null);
    }

    /** How many files were left out by the size limits. */
    int skippedByLimits() {
        return skipped;
    }

    private Copied copy(Path source, String dir, String name, boolean limited) throws IOException {
        if (source == null || !Files.isRegularFile(source) || !Files.isReadable(source)) {
            return null;
        }
        long size = Files.size(source);
        if (limited && overLimits(size)) {
            return null;
        }
        String id = unique(relative(dir, name));
        Path target = inside(id);
        Files.createDirectories(target.getParent());
        if (!Files.exists(target) || !Files.isSameFile(source, target)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (limited) {
            budgetUsed += size;
        }
        return new Copied(id, Files.size(target), Hashing.sha256(target));
    }

    /** Whether {@code size} more bytes break the per-file or the total limit; counted as left out when they do. */
    private boolean overLimits(long size) {
        if (size > options.maxFileBytes() || budgetUsed + size > options.maxTotalBytes()) {
            skipped++;
            return true;
        }
        return false;
    }

    /** The crate path of {@code id}, refused when it would lie outside the crate (or be the crate itself). */
    private Path inside(String id) throws IOException {
        Path target = root.resolve(id).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("refusing to write outside the crate: " + id);
        }
        return target;
    }

    /** {@code dir/name} with every segment made safe; {@code dir} may be empty. */
    static String relative(String dir, String name) {
        StringBuilder sb = new StringBuilder();
        for (String segment : (dir + "/" + name).split("/")) {
            String s = safeSegment(segment);
            if (!s.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "/").append(s);
            }
        }
        return sb.length() == 0 ? "file" : sb.toString();
    }

    /** One path segment of letters, digits, '.', '_' and '-', never {@code .}, {@code ..} or hidden. */
    static String safeSegment(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            sb.append(ok ? c : '_');
        }
        String s = sb.toString();
        if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) {
            return s.isEmpty() ? "" : "_";
        }
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }

    private String unique(String id) {
        if (used.add(id)) {
            return id;
        }
        int slash = id.lastIndexOf('/');
        String dir = slash < 0 ? "" : id.substring(0, slash + 1);
        String name = id.substring(slash + 1);
        for (int n = 2; ; n++) {
            String candidate = dir + n + "-" + name;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }
}
