package org.provhooks.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.cli.CliRun;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/** {@code provhooks diff}: every kind of difference found between two recorded runs, in the three formats. */
class RunDiffTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    /**
     * A run of a pipeline: {@code variant} 2 has another genome, a new parameter and none of {@code debug}; ALIGN slower
     * and hungrier with another output; QC failed; REPORT cached; TRAIN's loss lower; CLEAN gone, EXTRA new.
     */
    private Path run(int variant) throws Exception {
        Path work = Files.createDirectories(dir.resolve("run" + variant));
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "run" + variant, "rnaseq", T0);
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("genome", variant == 1 ? "GRCh37" : "GRCh38");
        params.put("reads", "data/*.fq");
        params.put(variant == 1 ? "debug" : "max_cpus", variant == 1 ? "true" : 8);
        rec.parameters(params);
        Path bam = work.resolve("aligned.bam");
        Files.writeString(bam, variant == 1 ? "BAM-1" : "BAM-2");
        rec.task(TaskActivity.builder("1")
                .label("ALIGN (1)")
                .status("COMPLETED")
                .start(T0)
                .end(T0.plusSeconds(1))
                .attribute("process", "ALIGN")
                .attribute("realtime_ms", variant == 1 ? 1000L : 1500L)
                .attribute("energy_j", variant == 1 ? 10.0 : 10.5)
                .output(DataRef.file(bam).withSha256(org.provhooks.core.util.Hashing.sha256(bam)))
                .build());
        rec.task(TaskActivity.builder("2")
                .label("QC (1)")
                .status(variant == 1 ? "COMPLETED" : "FAILED")
                .attribute("process", "QC")
                .attribute("realtime_ms", 100L)
                .build());
        rec.task(TaskActivity.builder("3")
                .label("REPORT (1)")
                .status(variant == 1 ? "COMPLETED" : "CACHED")
                .attribute("process", "REPORT")
                .build());
        rec.task(TaskActivity.builder("4")
                .label(variant == 1 ? "CLEAN (1)" : "EXTRA (1)")
                .status("COMPLETED")
                .build());
        rec.task(
                TaskActivity.builder("5").label("TRAIN (1)").status("COMPLETED").build());
        Path ml;
        try (MlRun r = MlRun.start(work.resolve("ml"), "train", Clock.systemUTC(), Map.of())) {
            r.logMetric("loss", 0.9, MlRun.TRAINING, 0);
            r.logMetric("loss", variant == 1 ? 0.5 : 0.4, MlRun.TRAINING, 1);
            r.logMetric("acc", 0.8, MlRun.VALIDATION, 1);
            ml = r.endRun();
        }
        rec.linkMlRun("5", ml);
        Path doc = work.resolve("run.prov.json");
        ProvJsonWriter.pretty().write(rec.finish(variant == 1 ? "Completed" : "Failed", T0.plusSeconds(9)), doc);
        return doc;
    }

    @Test
    void everyKindOfDifferenceIsFound() throws Exception {
        RunDiff diff = RunDiff.of(
                RunView.of(org.provhooks.core.json.ProvJsonReader.read(run(1))),
                RunView.of(org.provhooks.core.json.ProvJsonReader.read(run(2))),
                0.10);
        List<String> found = new ArrayList<>();
        diff.changes().forEach(c -> found.add(c.kind() + " " + c.subject() + " " + c.before() + " -> " + c.after()));
        assertEquals(
                List.of(
                        "RUN_STATUS run Completed -> Failed",
                        "PARAMETER_REMOVED debug true -> null",
                        "PARAMETER_CHANGED genome GRCh37 -> GRCh38",
                        "PARAMETER_ADDED max_cpus null -> 8",
                        "DURATION ALIGN (1) 1000 ms -> 1500 ms",
                        "OUTPUT_CHECKSUM ALIGN (1): aligned.bam " + sha("BAM-1") + " -> " + sha("BAM-2"),
                        "TASK_REMOVED CLEAN (1) COMPLETED -> null",
                        "TASK_ADDED EXTRA (1) null -> COMPLETED",
                        "STATUS QC (1) COMPLETED -> FAILED",
                        "CACHED REPORT (1) ran -> cached",
                        "ML_METRIC TRAIN (1): train_GR0_0/loss/Training 0.5 -> 0.4"),
                found);
        // Energy moved by 5 %: under the default threshold, over a 1 % one.
        assertTrue(diff.changes().stream().noneMatch(c -> c.kind() == RunDiff.Kind.ENERGY));
        RunDiff fine = RunDiff.of(
                RunView.of(org.provhooks.core.json.ProvJsonReader.read(dir.resolve("run1/run.prov.json"))),
                RunView.of(org.provhooks.core.json.ProvJsonReader.read(dir.resolve("run2/run.prov.json"))),
                0.01);
        assertTrue(
                fine.changes().stream().anyMatch(c -> c.kind() == RunDiff.Kind.ENERGY),
                fine.changes().toString());
    }

    private static String sha(String content) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of()
                .formatHex(md.digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .substring(0, 12);
    }

    @Test
    void theCommandPrintsTextJsonOrMarkdownAndFailsOnChangeWhenAsked() throws Exception {
        String a = run(1).toString();
        String b = run(2).toString();
        CliRun text = CliRun.of("diff", a, b);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("parameters:\n  debug: removed (was true)\n"), text.out());
        assertTrue(text.out().contains("  QC (1): COMPLETED -> FAILED\n"), text.out());
        assertTrue(text.out().contains("11 differences (duration and energy threshold 10 %)"), text.out());

        CliRun json = CliRun.of("diff", a, b, "--format", "json", "--fail-on-change");
        assertEquals(1, json.code(), json.err());
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertTrue(tree.get("changed").asBoolean());
        assertEquals(11, tree.get("changes").size());
        assertEquals("cached", tree.get("changes").get(9).get("kind").asText());

        CliRun md = CliRun.of("diff", a, b, "--format", "markdown");
        assertTrue(md.out().contains("| what | subject | before | after |"), md.out());
        assertTrue(md.out().contains("| cached | REPORT (1) | ran | cached |"), md.out());

        CliRun same = CliRun.of("diff", a, a, "--fail-on-change");
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("no differences"), same.out());

        CliRun missing = CliRun.of("diff", a, dir.resolve("nope.json").toString(), "--fail-on-change");
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().trim().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.json"), missing.err());
    }
}
