package org.provhooks.core.workflow;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.QualifiedName;

/**
 * Joins data between tasks: which task produced each data key (so its consumers are informed by it), which
 * consumers came before any producer, and rewritten keys (revisions). Not thread-safe: the recorder calls it
 * under its own lock.
 *
 * <p>Memory stays flat for runs of millions of tasks: keys are 64-bit hashes in open-addressing arrays, producer
 * names are bytes in one arena, and with a spill directory the consumers of a key nobody produced (a shared
 * reference file read by every task) go to a file, read back only in the rare case that a producer turns up later.
 *
 * <!-- given: Namespace ns, Path csv, Path out -->
 * <pre>{@code
 * DataFlow flow = new DataFlow(ns, null);
 * DataFlow.Use u = flow.use(DataRef.file(csv), ns.name("task-2"));         // u.producer(): task-1 if it wrote csv before
 * DataFlow.Production p = flow.produce(DataRef.file(out), ns.name("task-2"));
 * }</pre>
 */
final class DataFlow implements AutoCloseable {
    private static final int NONE = -1;

    private final Namespace ns;
    private final Path spillDir;
    private long[] keys = new long[1 << 10];
    private boolean[] used = new boolean[1 << 10];
    private int[] producer = new int[1 << 10];
    private int[] version = new int[1 << 10];
    /** Head of the in-memory early-consumer list, or {@link #SPILLED} when they are in the spill file. */
    private int[] early = new int[1 << 10];

    private int size;
    private byte[] arena = new byte[1 << 12];
    private int arenaEnd;
    private int[] earlyName = new int[16];
    private int[] earlyNext = new int[16];
    private int earlyCount;
    private static final int SPILLED = -2;
    /** Early consumers of one key kept in memory before they go to the spill file. */
    private static final int SPILL_AFTER = 64;

    private long earlyInMemory;
    private BufferedWriter spill;
    private Path spillFile;
    /** The last producer name added to the arena, so a task's outputs share one copy. */
    private QualifiedName lastProducer;

    private int lastProducerRef = NONE;

    /** @param spillDir where consumers of unproduced keys are kept, or null to keep them in memory */
    DataFlow(Namespace ns, Path spillDir) {
        this.ns = ns;
        this.spillDir = spillDir;
        Arrays.fill(early, NONE);
    }

    /** A key's entity id and whether this is its first appearance (then the caller writes the entity). */
    record Known(QualifiedName data, boolean isNew) {}

    /** The data a task used: its entity, whether it is new, and the task that produced it (null if none yet). */
    record Use(QualifiedName data, boolean isNew, QualifiedName producer) {}

    /**
     * The data a task produced: its entity, whether it is a new entity (a first appearance or a new version),
     * the previous version it revises (or null), and consumers that used it before it was produced.
     */
    record Production(
            QualifiedName data, boolean isNew, QualifiedName previousVersion, List<QualifiedName> earlierConsumers) {}

    /** Looks a key up without using or producing it (run-level use, published files). */
    Known known(DataRef ref) {
        long h = Ids.hash64(ref.key());
        int slot = slotOf(h);
        boolean isNew = !used[slot];
        if (isNew) {
            slot = claim(slot, h);
        }
        return new Known(dataId(slot), isNew);
    }

    /** Task {@code consumer} used {@code ref}. */
    Use use(DataRef ref, QualifiedName consumer) {
        long h = Ids.hash64(ref.key());
        int slot = slotOf(h);
        boolean isNew = !used[slot];
        if (isNew) {
            slot = claim(slot, h);
        }
        QualifiedName p = producer[slot] == NONE ? null : ns.name(name(producer[slot]));
        if (p == null) {
            addEarlyConsumer(slot, h, consumer);
        }
        return new Use(dataId(slot), isNew, p);
    }

    /** Task {@code task} produced {@code ref}; null when the same task already produced it. */
    Production produce(DataRef ref, QualifiedName task) {
        long h = Ids.hash64(ref.key());
        int slot = slotOf(h);
        boolean isNew = !used[slot];
        if (isNew) {
            slot = claim(slot, h);
        }
        QualifiedName previous = null;
        if (producer[slot] != NONE) {
            if (name(producer[slot]).equals(task.local())) {
                return null;
            }
            // The same key written again: a new version, derived from the old one.
            previous = dataId(slot);
            version[slot]++;
            isNew = true;
        }
        producer[slot] = producerRef(task);
        List<QualifiedName> earlier = takeEarlyConsumers(slot, h, task);
        return new Production(dataId(slot), isNew, previous, earlier);
    }

    /** Whether the early consumers of {@code ref} went to the spill file (for tests). */
    boolean spilled(DataRef ref) {
        int slot = slotOf(Ids.hash64(ref.key()));
        return used[slot] && early[slot] == SPILLED;
    }

    /** Number of distinct keys seen. */
    int size() {
        return size;
    }

    private QualifiedName dataId(int slot) {
        String local = "data-" + String.format("%016x", keys[slot]);
        return ns.name(version[slot] == 1 ? local : local + "-v" + version[slot]);
    }

    /**
     * Takes the free {@code slot} for {@code h}, growing the table first when it is full enough (growing moves every
     * key, so the slot is looked up again); returns the slot that now holds {@code h}.
     */
    private int claim(int slot, long h) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
            slot = slotOf(h);
        }
        keys[slot] = h;
        used[slot] = true;
        producer[slot] = NONE;
        version[slot] = 1;
        early[slot] = NONE;
        size++;
        return slot;
    }

    /** The slot holding {@code h}, or the free slot where it would go. */
    private int slotOf(long h) {
        int mask = keys.length - 1;
        int i = (int) (mix(h) & mask);
        while (used[i] && keys[i] != h) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    private void grow() {
        long[] k = keys;
        boolean[] u = used;
        int[] p = producer;
        int[] v = version;
        int[] e = early;
        int n = k.length * 2;
        keys = new long[n];
        used = new boolean[n];
        producer = new int[n];
        version = new int[n];
        early = new int[n];
        Arrays.fill(early, NONE);
        for (int i = 0; i < k.length; i++) {
            if (u[i]) {
                int s = slotOf(k[i]);
                keys[s] = k[i];
                used[s] = true;
                producer[s] = p[i];
                version[s] = v[i];
                early[s] = e[i];
            }
        }
    }

    private int producerRef(QualifiedName task) {
        if (task.equals(lastProducer)) {
            return lastProducerRef;
        }
        lastProducer = task;
        lastProducerRef = intern(task.local());
        return lastProducerRef;
    }

    /** Appends a name to the arena (length-prefixed UTF-8) and returns its offset. */
    private int intern(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int need = arenaEnd + 2 + b.length;
        if (need > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(need, arena.length * 2));
        }
        int at = arenaEnd;
        arena[at] = (byte) (b.length >>> 8);
        arena[at + 1] = (byte) b.length;
        System.arraycopy(b, 0, arena, at + 2, b.length);
        arenaEnd = need;
        return at;
    }

    private String name(int ref) {
        int len = ((arena[ref] & 0xff) << 8) | (arena[ref + 1] & 0xff);
        return new String(arena, ref + 2, len, StandardCharsets.UTF_8);
    }

    private void addEarlyConsumer(int slot, long h, QualifiedName consumer) {
        if (early[slot] == SPILLED) {
            spill(h, consumer.local());
            return;
        }
        if (earlyCount == earlyName.length) {
            earlyName = Arrays.copyOf(earlyName, earlyCount * 2);
            earlyNext = Arrays.copyOf(earlyNext, earlyCount * 2);
        }
        earlyName[earlyCount] = intern(consumer.local());
        earlyNext[earlyCount] = early[slot];
        early[slot] = earlyCount++;
        // Engines report tasks slightly out of order, so a few early consumers are common and soon taken; a key with
        // many (a shared file no task produces) goes to disk, where it costs no memory however many tasks read it.
        if (spillDir != null && ++earlyInMemory % 1024 == 0) {
            int n = 0;
            for (int i = early[slot]; i != NONE && n <= SPILL_AFTER; i = earlyNext[i]) {
                n++;
            }
            if (n > SPILL_AFTER) {
                for (int i = early[slot]; i != NONE; i = earlyNext[i]) {
                    spill(h, name(earlyName[i]));
                }
                early[slot] = SPILLED;
            }
        }
    }

    private void spill(long h, String consumerLocal) {
        try {
            if (spill == null) {
                spillFile = Files.createTempFile(spillDir, "early-consumers", ".tsv");
                spill = Files.newBufferedWriter(spillFile, StandardCharsets.UTF_8);
            }
            spill.write(Long.toHexString(h));
            spill.write('\t');
            spill.write(consumerLocal);
            spill.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep consumers in " + spillDir, e);
        }
    }

    /** The consumers that used the key before {@code task} produced it (the task itself left out), once. */
    private List<QualifiedName> takeEarlyConsumers(int slot, long h, QualifiedName task) {
        int head = early[slot];
        early[slot] = NONE;
        if (head == NONE) {
            return List.of();
        }
        List<QualifiedName> out = new ArrayList<>();
        if (head == SPILLED) {
            String key = Long.toHexString(h) + "\t";
            try {
                spill.flush();
                try (BufferedReader r = Files.newBufferedReader(spillFile, StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith(key)) {
                            out.add(ns.name(line.substring(key.length())));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read consumers back from " + spillFile, e);
            }
        } else {
            for (int i = head; i != NONE; i = earlyNext[i]) {
                out.add(ns.name(name(earlyName[i])));
            }
            Collections.reverse(out);
        }
        out.removeIf(task::equals);
        return out.stream().distinct().toList();
    }

    @Override
    public void close() {
        if (spill != null) {
            try {
                spill.close();
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
            spill = null;
        }
    }
}
