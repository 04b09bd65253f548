package org.provhooks.core.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDocumentFinderTest {
    @TempDir
    Path dir;

    private Path touch(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "{}");
        return p;
    }

    @Test
    void findsByPatternSkipsHiddenAndDoesNotFollowStagedLinks() throws Exception {
        Path work = dir.resolve("work/ab/cdef");
        Path top = touch(work.resolve("prov_train_GR0_0.json"));
        Path nested = touch(work.resolve("prov/mnist_0/prov_mnist_GR0_0.json"));
        touch(work.resolve("other.json"));
        touch(work.resolve(".hidden/prov_x.json"));
        touch(work.resolve("prov/.cache/prov_y.json"));
        // An input staged from an upstream task: a link to its file and to its prov directory.
        Path upstream = touch(dir.resolve("work/zz/up/prov/up_0/prov_up_GR0_0.json"));
        Files.createSymbolicLink(work.resolve("prov_up.json"), upstream);
        Files.createSymbolicLink(work.resolve("staged"), upstream.getParent().getParent());
        assertEquals(
                List.of(nested, top).stream().sorted().toList(),
                RunDocumentFinder.of(RunDocumentFinder.DEFAULT_PATTERNS).find(work));
    }

    @Test
    void missingDirectoryFindsNothingAndBadPatternsAreNamed() {
        assertEquals(
                List.of(),
                RunDocumentFinder.of(RunDocumentFinder.DEFAULT_PATTERNS).find(dir.resolve("nope")));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunDocumentFinder.of(List.of("prov/[.json")));
        assertTrue(e.getMessage().contains("'prov/[.json'"), e.getMessage());
    }

    @Test
    void theWalkStopsEightLevelsDown() throws Exception {
        Path work = dir.resolve("work");
        Path seven = work.resolve("prov/a/b/c/d/e/f");
        Path atEight = touch(seven.resolve("prov_8.json"));
        touch(seven.resolve("g/prov_9.json"));
        assertEquals(
                List.of(atEight),
                RunDocumentFinder.of(List.of("prov/**/*.json")).find(work));
    }
}
