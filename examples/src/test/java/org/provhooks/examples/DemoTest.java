package org.provhooks.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** The demo's entry points end to end: three documents written, all valid, each ML run linked to exactly its task. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theMainJobWritesValidatesAndLinksEverything() throws Exception {
        Demo demo = new Demo(dir, Path.of("").toAbsolutePath(), false);
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true));
            code = demo.run();
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString();
        assertEquals(0, code, out);
        assertTrue(out.contains("3 workflow documents, 0 problems"), out);
        // 3 parameters, 4 when the trainer runs inside a git checkout (source_code).
        assertTrue(
                out.matches(
                        "(?s).*ML run train_GR0_0 \\(current: [34] parameters, 3 metrics\\) linked to task TRAIN.*"),
                out);
        List<Path> docs = demo.workflowDocuments();
        assertEquals(3, docs.size(), docs.toString());
        // Each run also has its RO-Crate beside its document, named in the summary.
        List<Path> crates = demo.crates();
        assertEquals(3, crates.size(), crates.toString());
        for (Path c : crates) {
            assertTrue(out.contains("RO-Crate: " + c), out);
        }
        for (Path p : docs) {
            assertEquals(List.of(), Validator.validate(p));
            Document d = ProvJsonReader.read(p);
            String engine = d.records(RecordKind.ACTIVITY).stream()
                    .filter(a -> a.id().local().equals("workflow"))
                    .findFirst()
                    .orElseThrow()
                    .attributes()
                    .first(Vocab.ENGINE)
                    .lexical();
            assertTrue(List.of("Nextflow", "Apache Beam", "Apache Airflow").contains(engine), engine);
        }
    }
}
