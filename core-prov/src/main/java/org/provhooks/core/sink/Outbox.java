package org.provhooks.core.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.provhooks.core.json.DocumentBody;
import org.provhooks.core.model.Document;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.util.AtomicFiles;
import org.provhooks.core.yprov.YProvException;

/**
 * A durable spool of documents waiting for a server. A document is first written atomically into
 * {@code pending/<id>.prov.json} (temporary file, fsync, rename); a background worker then delivers it and
 * removes it only once the server confirmed. Retryable failures (connection, timeout, 5xx) back off with
 * jitter; a refused document (4xx other than 401) moves to {@code failed/} beside a {@code .response.txt}
 * holding the server's answer; wrong credentials or a URL that is no yProv API stop delivery and keep everything. Documents left by an
 * earlier process are delivered when an outbox is opened on the same directory again.
 *
 * <!-- given: YProvClient yprov, Document doc | import org.provhooks.core.yprov.YProvClient -->
 * <pre>{@code
 * Outbox outbox = Outbox.open(Path.of(System.getProperty("user.home"), ".provhooks/outbox"), yprov::replace, RetryPolicy.DEFAULT, System.err::println);
 * outbox.start();
 * outbox.enqueue("happy-turing-1a2b3c4d", doc);
 * DeliveryReport r = outbox.awaitDelivery(Duration.ofSeconds(30));
 * }</pre>
 *
 * Only one process delivers from a directory at a time ({@code outbox.lock}); others just add to it.
 */
public final class Outbox implements AutoCloseable {
    static final String SUFFIX = ".prov.json";

    /** Sends one spooled document; throws to say why it could not. */
    @FunctionalInterface
    public interface Deliverer {
        void deliver(String id, Path file) throws YProvException;
    }

    private final Path pendingDir;
    private final Path failedDir;
    private final Path lockFile;
    private final Deliverer deliverer;
    private final RetryPolicy policy;
    private final Consumer<String> warn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Instant> notBefore = new HashMap<>();
    private final Map<String, Long> spoolOrder = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong spooled = new java.util.concurrent.atomic.AtomicLong();
    private int sent;
    private int failed;
    private boolean working;
    private String stopReason;
    private volatile boolean closed;
    private Thread worker;

    private Outbox(Path dir, Deliverer deliverer, RetryPolicy policy, Consumer<String> warn) {
        this.pendingDir = dir.resolve("pending");
        this.failedDir = dir.resolve("failed");
        this.lockFile = dir.resolve("outbox.lock");
        this.deliverer = deliverer;
        this.policy = policy;
        this.warn = warn;
    }

    /**
     * Opens (creating if needed) an outbox in {@code dir}.
     *
     * @throws IOException with a one-line message when the directory cannot be created or written
     */
    public static Outbox open(Path dir, Deliverer deliverer, RetryPolicy policy, Consumer<String> warn)
            throws IOException {
        Outbox o = new Outbox(dir, deliverer, policy, warn);
        try {
            Files.createDirectories(o.pendingDir);
            Files.createDirectories(o.failedDir);
            Path probe = Files.createTempFile(o.pendingDir, ".probe", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new IOException("outbox directory " + dir.toAbsolutePath() + " is not writable; choose another with "
                    + "PROVHOOKS_OUTBOX or fix its permissions");
        } catch (IOException e) {
            throw new IOException("cannot use outbox directory " + dir.toAbsolutePath() + ": " + e.getMessage()
                    + "; choose another with PROVHOOKS_OUTBOX");
        }
        o.removeStaleTemporaries();
        return o;
    }

    public Path pendingDirectory() {
        return pendingDir;
    }

    public Path failedDirectory() {
        return failedDir;
    }

    /** Spools a document for delivery (replacing a pending one with the same id) and wakes the worker. */
    public Path enqueue(String id, Document doc) throws IOException {
        return enqueue(id, DocumentBody.of(doc));
    }

    /** Spools a streamed document for delivery. */
    public Path enqueue(String id, DocumentBody body) throws IOException {
        Path target = pendingDir.resolve(id + SUFFIX);
        AtomicFiles.write(target, out -> body.writeTo(out, false));
        wake(id);
        return target;
    }

    /** Spools a copy of a document file. */
    public Path enqueue(String id, Path file) throws IOException {
        Path target = pendingDir.resolve(id + SUFFIX);
        AtomicFiles.write(target, out -> Files.copy(file, out));
        wake(id);
        return target;
    }

    private void wake(String id) {
        spoolOrder.put(id + SUFFIX, spooled.incrementAndGet());
        lock.lock();
        try {
            failures.remove(id);
            notBefore.remove(id);
            if (stopReason == null) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts the background worker (a daemon thread). */
    public synchronized void start() {
        if (worker == null) {
            worker = new Thread(this::runWorker, "provhooks-outbox");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** Ids waiting in {@code pending/}, oldest first. */
    public List<String> pendingIds() {
        List<String> ids = new ArrayList<>();
        for (Path p : list(pendingDir)) {
            String n = p.getFileName().toString();
            ids.add(n.substring(0, n.length() - SUFFIX.length()));
        }
        return ids;
    }

    private List<Path> list(Path dir) {
        // Each file's time is read once: other threads and processes add and remove files while we sort, and a
        // comparator reading the disk would see times change under it (TimSort then throws).
        // Files spooled by this process within one clock tick keep the order they were spooled in (run documents before
        // the workflow document that links them); the rest go by name.
        record Dated(Path path, FileTime time, long order) {}
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(SUFFIX) && !n.startsWith(".");
                    })
                    .map(p -> new Dated(
                            p,
                            modified(p),
                            spoolOrder.getOrDefault(p.getFileName().toString(), -1L)))
                    .sorted(Comparator.comparing(Dated::time)
                            .thenComparingLong(Dated::order)
                            .thenComparing(d -> d.path().toString()))
                    .map(Dated::path)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Hidden temporary or in-flight files older than an hour belong to processes that died. */
    private void removeStaleTemporaries() {
        try (Stream<Path> s = Files.list(pendingDir)) {
            Instant cutoff = Instant.now().minus(Duration.ofHours(1));
            s.filter(p -> p.getFileName().toString().startsWith(".")
                            && (p.getFileName().toString().endsWith(".tmp")
                                    || p.getFileName().toString().endsWith(".sending")))
                    .filter(p -> modified(p).toInstant().isBefore(cutoff))
                    .forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            // harmless: it is ignored by the worker either way
                        }
                    });
        } catch (IOException e) {
            // the directory was checked in open(); nothing to clean
        }
    }

    private void runWorker() {
        while (!closed) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock fl = tryLock(ch);
                if (fl == null) {
                    sleep(Duration.ofSeconds(1)); // another process is delivering from this outbox
                    continue;
                }
                try (fl) {
                    deliverUntilClosed();
                }
            } catch (IOException e) {
                warn.accept("outbox: cannot lock " + lockFile + ": " + e.getMessage());
                sleep(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                warn.accept("outbox: unexpected " + FileSink.describe(e) + "; retrying");
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private void deliverUntilClosed() {
        while (!closed) {
            Instant next = deliverDue();
            lock.lock();
            try {
                working = false;
                changed.signalAll();
                if (closed) {
                    return;
                }
                long waitMs = next == null
                        ? 1000
                        : Math.max(1, Duration.between(Instant.now(), next).toMillis());
                changed.await(Math.min(waitMs, 1000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** One pass over pending documents; returns when the next retry is due, or null if none is scheduled. */
    private Instant deliverDue() {
        Instant next = null;
        for (Path file : list(pendingDir)) {
            if (closed) {
                return null;
            }
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - SUFFIX.length());
            lock.lock();
            try {
                if (stopReason != null) {
                    return null;
                }
                Instant nb = notBefore.get(id);
                int f = failures.getOrDefault(id, 0);
                if (f >= policy.maxAttempts()) {
                    continue;
                }
                if (nb != null && nb.isAfter(Instant.now())) {
                    next = next == null || nb.isBefore(next) ? nb : next;
                    continue;
                }
                working = true;
            } finally {
                lock.unlock();
            }
            Instant retryAt = attempt(id, file);
            if (retryAt != null) {
                next = next == null || retryAt.isBefore(next) ? retryAt : next;
            }
        }
        return next;
    }

    private Instant attempt(String id, Path file) {
        // Send a pinned copy (a hard link, or a copy where links are not supported): a newer version spooled
        // meanwhile replaces the pending name, not what is being sent, so we know exactly what was confirmed.
        Path sending = pendingDir.resolve("." + id + ".sending");
        try {
            pin(file, sending);
        } catch (IOException e) {
            return handle(
                    id,
                    file,
                    null,
                    new YProvException(YProvException.Kind.RETRYABLE, 0, FileSink.describe(e), null, e));
        }
        try {
            deliverer.deliver(id, sending);
            lock.lock();
            try {
                // Remove only what was sent: a newer version spooled meanwhile stays for the next pass.
                if (sameContent(file, sending)) {
                    Files.deleteIfExists(file);
                }
                sent++;
                failures.remove(id);
                notBefore.remove(id);
            } finally {
                lock.unlock();
            }
            return null;
        } catch (YProvException e) {
            return handle(id, file, sending, e);
        } catch (IOException | RuntimeException e) {
            return handle(
                    id,
                    file,
                    sending,
                    new YProvException(YProvException.Kind.RETRYABLE, 0, FileSink.describe(e), null, e));
        } finally {
            try {
                Files.deleteIfExists(sending);
            } catch (IOException e) {
                // a leftover hidden file is ignored and cleaned up later
            }
        }
    }

    private static void pin(Path file, Path sending) throws IOException {
        Files.deleteIfExists(sending);
        try {
            Files.createLink(sending, file);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(file, sending, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether the pending file still holds what was sent (the same inode, or the same bytes). */
    private static boolean sameContent(Path file, Path sending) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        Object a = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        Object b = Files.readAttributes(sending, BasicFileAttributes.class).fileKey();
        return (a != null && a.equals(b)) || Files.mismatch(file, sending) == -1;
    }

    /** {@code sending}: the pinned copy that was sent (null when pinning failed, which is never a refusal). */
    private Instant handle(String id, Path file, Path sending, YProvException e) {
        lock.lock();
        try {
            String message = Redactor.redactValue(e.getMessage());
            switch (e.kind()) {
                case REJECTED -> {
                    moveToFailed(id, file, sending, e);
                    failed++;
                    warn.accept("outbox: " + id + " was refused and moved to " + failedDir.resolve(id + SUFFIX) + ": "
                            + message);
                    return null;
                }
                case AUTH, ENDPOINT -> {
                    stopReason = message;
                    warn.accept("outbox: " + message + "; documents stay in " + pendingDir
                            + " until the credentials are fixed");
                    return null;
                }
                default -> {
                    int f = failures.merge(id, 1, Integer::sum);
                    if (f >= policy.maxAttempts()) {
                        warn.accept("outbox: " + id + " not delivered after " + f + " attempts (" + message
                                + "); kept in " + pendingDir + " for the next start or 'provhooks push --outbox'");
                        return null;
                    }
                    Instant at = Instant.now().plus(policy.delayAfter(f));
                    notBefore.put(id, at);
                    return at;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves what the server refused to {@code failed/}: the copy that was sent. A newer version spooled while it was in
     * flight stays pending and is tried on its own. The server's answer is kept beside it, secrets masked (a server
     * may echo a header or a connection string).
     */
    private void moveToFailed(String id, Path file, Path sending, YProvException e) {
        try {
            Path target = failedDir.resolve(id + SUFFIX);
            if (sending == null) {
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                boolean unchanged = sameContent(file, sending);
                Files.move(sending, target, StandardCopyOption.REPLACE_EXISTING);
                if (unchanged) {
                    Files.deleteIfExists(file);
                }
            }
            String body = e.responseBody() == null ? "" : e.responseBody();
            Files.writeString(
                    failedDir.resolve(id + ".response.txt"),
                    Redactor.redactValue(e.getMessage() + "\n" + body + "\n"),
                    StandardCharsets.UTF_8);
        } catch (IOException io) {
            warn.accept("outbox: cannot move " + file + " to " + failedDir + ": " + io.getMessage());
        }
    }

    /**
     * Waits at most {@code timeout} until nothing deliverable is pending, then reports. Documents still pending
     * stay in the outbox.
     */
    public DeliveryReport awaitDelivery(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        lock.lock();
        try {
            changed.signalAll();
            while (hasDeliverableWork() && Instant.now().isBefore(deadline) && stopReason == null && !closed) {
                long ms = Math.max(
                        1,
                        Math.min(200, Duration.between(Instant.now(), deadline).toMillis()));
                changed.await(ms, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return report();
    }

    private boolean hasDeliverableWork() {
        if (working) {
            return true;
        }
        for (String id : pendingIds()) {
            if (failures.getOrDefault(id, 0) < policy.maxAttempts()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the worker still has something it will try in this session. */
    public boolean isBusy() {
        lock.lock();
        try {
            return stopReason == null && !closed && hasDeliverableWork();
        } finally {
            lock.unlock();
        }
    }

    /** Counts so far: sent and failed in this session, pending on disk now. */
    public DeliveryReport report() {
        lock.lock();
        try {
            int pending = pendingIds().size();
            String note = stopReason != null
                    ? stopReason
                    : pending > 0
                            ? pending + " document(s) kept in " + pendingDir
                                    + "; they are sent on the next start or with 'provhooks push --outbox "
                                    + pendingDir.getParent() + "'"
                            : null;
            return new DeliveryReport(sent, pending, failed, note);
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the worker; pending documents stay on disk. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread w;
        synchronized (this) {
            w = worker;
        }
        if (w != null) {
            w.interrupt();
            try {
                w.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
