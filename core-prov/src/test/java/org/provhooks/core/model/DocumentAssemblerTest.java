package org.provhooks.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DocumentAssemblerTest {
    private static final Namespace EX = new Namespace("ex", "https://example.org/");

    @Test
    void eightThreadsTimesTenThousandRecordsNoneLostOrDuplicated() throws Exception {
        DocumentAssembler a = new DocumentAssembler();
        int threads = 8;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        // Half entities (unique ids), half relations without ids.
                        QualifiedName e = EX.name("t" + thread + "-e" + i);
                        if (i % 2 == 0) {
                            a.add(Prov.entity(e).attr(EX.name("n"), i).build());
                        } else {
                            a.add(Prov.wasDerivedFrom(
                                            EX.name("t" + thread + "-e" + (i - 1)),
                                            EX.name("t" + thread + "-e" + (i - 1)))
                                    .attr(EX.name("n"), i)
                                    .build());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Document doc = a.build();
        assertEquals(threads * perThread, doc.size());
        Set<String> seen = new HashSet<>();
        for (ProvRecord r : doc.records(RecordKind.ENTITY)) {
            assertTrue(seen.add(r.id().text()), "duplicate " + r.id());
        }
        for (ProvRecord r : doc.records(RecordKind.WAS_DERIVED_FROM)) {
            assertTrue(seen.add(r.ref(Formal.GENERATED_ENTITY).text() + "#"
                    + r.attributes().first(EX.name("n")).lexical()));
        }
        assertEquals(threads * perThread, seen.size());
    }

    @Test
    void sameIdIsMergedAndNamespacesAreDeclared() {
        DocumentAssembler a = new DocumentAssembler();
        Namespace other = new Namespace("other", "urn:x:");
        a.add(Prov.entity(EX.name("e")).label("one").build());
        a.add(Prov.entity(EX.name("e"))
                .attr(other.name("size"), 3L)
                .label("one")
                .build());
        Document d = a.build();
        assertEquals(1, d.records(RecordKind.ENTITY).size());
        ProvRecord e = d.element(EX.name("e"));
        assertEquals(List.of(Literal.of("one")), e.attributes().get(Prov.LABEL));
        assertEquals(Literal.of(3L), e.attributes().first(other.name("size")));
        assertEquals(
                List.of("prov", "xsd", "ex", "other"),
                List.copyOf(d.namespaces().keySet()));
    }

    @Test
    void conflictsAreRefusedWithAClearMessage() {
        DocumentAssembler a = new DocumentAssembler();
        a.add(Prov.entity(EX.name("x")).build());
        IllegalArgumentException kind = assertThrows(
                IllegalArgumentException.class,
                () -> a.add(Prov.activity(EX.name("x")).build()));
        assertTrue(kind.getMessage().contains("ex:x"), kind.getMessage());
        IllegalArgumentException prefix = assertThrows(
                IllegalArgumentException.class,
                () -> a.add(Prov.entity(new Namespace("ex", "https://elsewhere/").name("y"))
                        .build()));
        assertTrue(prefix.getMessage().contains("already bound"), prefix.getMessage());
    }

    @Test
    void buildersRejectMissingArguments() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Prov.record(RecordKind.USED, null)
                        .set(Formal.ENTITY, EX.name("e"))
                        .build());
        assertTrue(e.getMessage().contains("prov:activity"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Prov.used(EX.name("a"), EX.name("e")).set(Formal.AGENT, EX.name("g")));
    }
}
