package org.provhooks.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.QualifiedName;

class DataFlowTest {
    private static final Namespace NS = new Namespace("run", "https://provhooks.org/run/test/r1/");

    @TempDir
    Path dir;

    private static QualifiedName task(int i) {
        return NS.name("task-" + i);
    }

    @Test
    void aProducerInformsLaterAndEarlierConsumersOnceEach() {
        try (DataFlow f = new DataFlow(NS, null)) {
            DataRef csv = DataRef.of("/w/a.csv", "a.csv");
            DataFlow.Use early = f.use(csv, task(2));
            assertTrue(early.isNew());
            assertNull(early.producer());
            DataFlow.Production p = f.produce(csv, task(1));
            assertFalse(p.isNew(), "the entity was already written when task 2 used it");
            assertEquals(List.of(task(2)), p.earlierConsumers());
            assertEquals(early.data(), p.data());
            assertEquals(task(1), f.use(csv, task(3)).producer());
            assertNull(f.produce(csv, task(1)), "the same task producing again adds nothing");
            DataFlow.Production rewrite = f.produce(csv, task(4));
            assertTrue(rewrite.isNew());
            assertEquals(p.data(), rewrite.previousVersion());
            assertTrue(rewrite.data().local().endsWith("-v2"));
            assertEquals(List.of(), rewrite.earlierConsumers(), "consumers are joined once");
        }
    }

    @Test
    void manyThousandConsumersOfAFileNobodyProducedGoToDiskAndAreStillJoinedIfAProducerAppears() throws Exception {
        DataRef genome = DataRef.of("/ref/genome.fa", "genome.fa");
        try (DataFlow f = new DataFlow(NS, dir)) {
            for (int i = 1; i <= 10_000; i++) {
                f.use(genome, task(i));
                f.produce(DataRef.of("/w/" + i + ".bam", i + ".bam"), task(i));
            }
            assertTrue(f.spilled(genome), "the shared file's consumers are not held in memory");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
            DataFlow.Production late = f.produce(genome, task(0));
            Set<QualifiedName> consumers = new HashSet<>(late.earlierConsumers());
            assertEquals(10_000, consumers.size());
            assertTrue(consumers.contains(task(1)) && consumers.contains(task(10_000)));
            assertEquals(10_001, f.size());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "the spill file is removed on close");
        }
    }

    @Test
    void everyKeyKeepsTheIdOfItsHashWhileTheTableGrows() {
        try (DataFlow f = new DataFlow(NS, null)) {
            for (int i = 0; i < 5_000; i++) {
                DataRef ref = DataRef.of("/w/" + i + ".txt", i + ".txt");
                String expected = "data-" + String.format("%016x", Ids.hash64(ref.key()));
                assertEquals(expected, f.produce(ref, task(i)).data().local(), "as produced, key " + i);
            }
            for (int i = 0; i < 5_000; i++) {
                DataRef ref = DataRef.of("/w/" + i + ".txt", i + ".txt");
                DataFlow.Use u = f.use(ref, task(i + 1));
                assertFalse(u.isNew());
                assertEquals(task(i), u.producer(), "key " + i);
                assertEquals(
                        "data-" + String.format("%016x", Ids.hash64(ref.key())),
                        u.data().local());
            }
        }
    }
}
