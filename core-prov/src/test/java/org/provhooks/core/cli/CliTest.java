package org.provhooks.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MlRunInfo;
import org.provhooks.core.ml.RunDocumentRecognizer;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

class CliTest {
    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    static Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProvHooksCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void demoWritesDocumentsThatValidateAndLinkTheMlRunToItsTask(@TempDir Path dir) throws Exception {
        Run demo = cli("demo", "--out", dir.toString());
        assertEquals(0, demo.code(), demo.err());
        Path wf = dir.resolve("demo-workflow.prov.json");
        Path ml = dir.resolve("ml/train_0/prov_train_GR0_0.json");
        assertTrue(demo.out().contains(wf.toAbsolutePath().toString()), demo.out());

        Run validate = cli("validate", wf.toString(), ml.toString());
        assertEquals(0, validate.code(), validate.err());
        assertTrue(validate.out().contains("2 valid, 0 invalid"), validate.out());

        Document doc = ProvJsonReader.read(wf);
        MlRunInfo run = RunDocumentRecognizer.recognize(ProvJsonReader.read(ml)).orElseThrow();
        List<ProvRecord> tasks = doc.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().first(Vocab.LEVEL) != null
                        && a.attributes().first(Vocab.LEVEL).lexical().equals("1"))
                .toList();
        assertEquals(3, tasks.size());
        List<String> informants = doc.records(RecordKind.WAS_INFORMED_BY).stream()
                .filter(r ->
                        r.ref(Formal.INFORMED).uri().equals(run.runActivity().uri()))
                .map(r -> r.ref(Formal.INFORMANT).local())
                .toList();
        assertEquals(List.of("task-train"), informants, "the ML run is linked to exactly its task");
        assertEquals("task-train", run.parentTask().local(), "and the run document names its parent task");
        assertTrue(Files.readString(wf).contains("[REDACTED]"));
        assertFalse(Files.readString(wf).contains("not-for-documents"));

        Run summary = cli("summary", wf.toString());
        assertEquals(0, summary.code());
        assertTrue(summary.out().contains("  task TRAIN [run:task-train, COMPLETED]"), summary.out());
        assertTrue(summary.out().contains("    ML run train (train_GR0_0)"), summary.out());
        assertTrue(summary.out().contains("activity=5"), summary.out());
    }

    @Test
    void convertWritesProvNAndDot(@TempDir Path dir) throws Exception {
        cli("demo", "--out", dir.toString());
        Path wf = dir.resolve("demo-workflow.prov.json");
        Run provn = cli("convert", "--to", "provn", wf.toString());
        assertEquals(0, provn.code(), provn.err());
        assertTrue(provn.out().startsWith("document\n"));
        assertTrue(provn.out().contains("prefix run <https://provhooks.org/run/"));
        assertTrue(provn.out().contains("wasInformedBy(run:task-train, run:workflow)"), provn.out());
        assertTrue(provn.out().contains("used(run:task-train, run:data-"), provn.out());
        assertTrue(provn.out().contains("%% xsd:long"), provn.out());
        assertTrue(provn.out().trim().endsWith("endDocument"));
        Path dot = dir.resolve("g.dot");
        Run d = cli("convert", "--to", "dot", "-o", dot.toString(), wf.toString());
        assertEquals(0, d.code(), d.err());
        String g = Files.readString(dot);
        assertTrue(g.startsWith("digraph provenance {"));
        assertTrue(g.contains("\"run:task-train\" -> \"run:workflow\" [label=\"wasInformedBy\"]"), g);
    }

    @Test
    void invalidFileExitsOneWithOneLinePerProblem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(
                bad, "{\"prefix\": {\"ex\": \"https://e/\"}, \"used\": {\"_:u\": {\"prov:activity\": \"ex:nope\"}}}");
        Run r = cli("validate", bad.toString());
        assertEquals(1, r.code());
        String[] lines = r.err().trim().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith(bad.toString() + ":1:"), lines[0]);
        assertTrue(lines[0].contains("DANGLING_REFERENCE"));
        assertTrue(r.out().contains("FAILED"));
    }

    @Test
    void badInputGetsOneLineNamingThePlaceNeverAStackTrace(@TempDir Path dir) throws Exception {
        Path malformed = dir.resolve("m.json");
        Files.writeString(malformed, "{\"entity\": {\"ex:e\": {\n\"a\": tru }}}");
        Path wrongType = dir.resolve("w.json");
        Files.writeString(
                wrongType, "{\"prefix\": {\"ex\": \"https://e/\"}, \"activity\": {\"ex:a\": {\"prov:startTime\": 5}}}");
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        for (Path p : List.of(malformed, wrongType, big, dir, dir.resolve("missing.json"))) {
            for (String cmd : List.of("summary", "validate")) {
                Run r = cli(cmd, p.toString());
                assertEquals(1, r.code(), cmd + " " + p);
                String err = r.err().trim();
                assertEquals(1, err.split("\n").length, err);
                assertTrue(err.startsWith(p.toString()), err);
                assertFalse(err.contains("Exception") || err.contains("\tat "), err);
            }
        }
        assertTrue(cli("summary", malformed.toString()).err().contains("line 2"));
        assertTrue(cli("summary", wrongType.toString()).err().contains("prov:startTime must be one plain string"));
        assertTrue(cli("summary", big.toString()).err().contains("1.0 GiB"));
        assertTrue(cli("summary", dir.toString()).err().contains("is a directory"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = cli("convert", "--to", "pdf", "x.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("pdf"), r.err());
    }
}
