package org.provhooks.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;
import org.provhooks.testkit.SecretCorpus;

/** The core's redaction against every shape of the corpus: the secret goes, the ordinary text next to it stays. */
class SecretCorpusRedactionTest {
    @TempDir
    Path dir;

    @Test
    void everyValueShapeIsMaskedAndItsOrdinaryPartKept() {
        for (SecretCorpus.Shape s : SecretCorpus.VALUE_SHAPES) {
            String out = Redactor.redactValue(s.value());
            assertFalse(out.contains(s.secret()), s.name() + ": " + out);
            assertTrue(out.contains(s.kept()), s.name() + ": " + out);
        }
    }

    @Test
    void parametersTaskAttributesAndDataLocationsCarryNoSecret() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Test", "r1", "secrets", Instant.parse("2026-01-01T00:00:00Z"));
        rec.parameters(SecretCorpus.nestedParameters());
        TaskActivity.Builder t = TaskActivity.builder("1").label("LOAD").status("COMPLETED");
        for (SecretCorpus.Shape s : SecretCorpus.VALUE_SHAPES) {
            t.attribute("input_" + s.name(), s.value());
        }
        t.input(DataRef.of("https://alice:UrlPw-7f3k2@db.example.org/data/x.csv", "x.csv"));
        rec.task(t.build());
        Path out = dir.resolve("doc.prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Completed", Instant.parse("2026-01-01T00:01:00Z")), out);
        org.provhooks.core.crate.RunCrate.write(
                out, dir.resolve("crate"), org.provhooks.core.crate.RunCrate.DEFAULT_LICENSE);
        assertTrue(Files.exists(dir.resolve("crate/ro-crate-metadata.json")));
        assertEquals(List.of(), SecretCorpus.leaks(List.of(dir)), "document and RO-Crate");
        String text = Files.readString(out);
        assertTrue(text.contains("db.example.org"), "the host next to the password stays");
        assertTrue(text.contains("eu-west-1"));
        assertTrue(text.contains("\"provhooks:param.db.host\""), text);
    }
}
