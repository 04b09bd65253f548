package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provhooks.beam.TestPipelines.activity;
import static org.provhooks.beam.TestPipelines.attr;
import static org.provhooks.beam.TestPipelines.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;

/**
 * Shapes Beam's own examples use (WindowedWordCount's per-window files, counters in nested classes) and a run that
 * fails after counting, on the DirectRunner.
 */
class OutsidePipelinesTest {
    @TempDir
    Path dir;

    /** Names a file per window, as Beam's WindowedWordCount example does. */
    static final class PerWindowFiles extends FileBasedSink.FilenamePolicy {
        private final ResourceId base;

        PerWindowFiles(ResourceId base) {
            this.base = base;
        }

        @Override
        public ResourceId windowedFilename(
                int shard, int shards, BoundedWindow window, PaneInfo pane, FileBasedSink.OutputFileHints hints) {
            IntervalWindow w = (IntervalWindow) window;
            return base.getCurrentDirectory()
                    .resolve(
                            base.getFilename() + "-" + w.start().getMillis() + "-" + shard + "-of-" + shards,
                            ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
        }

        @Override
        public ResourceId unwindowedFilename(int shard, int shards, FileBasedSink.OutputFileHints hints) {
            throw new UnsupportedOperationException("windowed writes only");
        }
    }

    @Test
    void filesWrittenThroughAFilenamePolicyAreGeneratedByTheWriteStep() throws Exception {
        ProvenanceOptions o = TestPipelines.options(dir);
        Pipeline p = Pipeline.create(o);
        ResourceId base = FileSystems.matchNewResource(dir.resolve("out/counts").toString(), false);
        p.apply("Words", Create.of("a", "b", "c", "d"))
                .apply("Stamp", WithTimestamps.of((String s) -> new Instant(s.equals("d") ? 120_000 : 0)))
                .apply("PerMinute", Window.into(FixedWindows.of(Duration.standardMinutes(1))))
                .apply(
                        "WriteWindowed",
                        TextIO.write()
                                .to(new PerWindowFiles(base))
                                .withTempDirectory(FileSystems.matchNewResource(
                                        dir.resolve("tmp").toString(), true))
                                .withWindowedWrites()
                                .withNumShards(1));
        p.run().waitUntilFinish();

        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            files = s.sorted().toList();
        }
        assertEquals(2, files.size(), "one file per window: " + files);
        Document d = TestPipelines.document(o);
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord write = activity(d, "WriteWindowed");
        for (Path f : files) {
            ProvRecord e = d.records(RecordKind.ENTITY).stream()
                    .filter(r -> r.attributes().first(Prov.LOCATION) != null
                            && r.attributes().first(Prov.LOCATION).lexical().equals(f.toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no entity for " + f));
            assertEquals(
                    List.of(write.id()),
                    d.records(RecordKind.WAS_GENERATED_BY).stream()
                            .filter(g -> g.ref(Formal.ENTITY).equals(e.id()))
                            .map(g -> g.ref(Formal.ACTIVITY))
                            .toList(),
                    "generated once, by the write step");
            assertEquals(String.valueOf(Files.size(f)), attr(e, "size"));
        }
        assertTrue(
                d.records(RecordKind.ACTIVITY).stream()
                        .noneMatch(a ->
                                String.valueOf(a.attributes().first(Prov.LABEL)).startsWith("provhooks")),
                "the reporting step is not part of the recorded pipeline");
    }

    /** Counts every element (a counter of a nested class: its namespace has a '$'). */
    static final class CountAll extends DoFn<Integer, Integer> {
        private final Counter seen = Metrics.counter(CountAll.class, "seen");

        @ProcessElement
        public void process(@Element Integer i, OutputReceiver<Integer> out) {
            seen.inc();
            out.output(i);
        }

        @Override
        public void populateDisplayData(DisplayData.Builder builder) {
            builder.addIfNotNull(DisplayData.item("unset", (String) null));
        }
    }

    static final class FailOnFive extends DoFn<Integer, Integer> {
        @ProcessElement
        public void process(@Element Integer i, OutputReceiver<Integer> out) {
            if (i == 5) {
                throw new IllegalStateException("five is not allowed");
            }
            out.output(i);
        }
    }

    @Test
    void aFailedRunKeepsTheMetricsCountedBeforeItFailedWithReadableNamesAndNoNullText() throws Exception {
        ProvenanceOptions o = TestPipelines.options(dir);
        Pipeline p = Pipeline.create(o);
        p.apply("Numbers", Create.of(1, 2, 3, 4, 5, 6))
                .apply("CountAll", ParDo.of(new CountAll()))
                .apply("FailOnFive", ParDo.of(new FailOnFive()));
        Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, p::run);
        assertTrue(e.getCause() instanceof IllegalStateException, "the pipeline's own exception: " + e.getCause());

        Document d = TestPipelines.document(o);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals(
                "FAILED",
                workflow(d)
                        .attributes()
                        .first(org.provhooks.core.workflow.Vocab.STATUS)
                        .lexical());
        ProvRecord count = TestPipelines.part(d, "CountAll", "ParMultiDo");
        String metric = "metric.org.provhooks.beam.OutsidePipelinesTest.CountAll.seen";
        String seen = attr(count, metric);
        // How many were counted depends on how the runner bundled the elements; some were, before the failure.
        assertTrue(
                seen != null && Long.parseLong(seen) > 0,
                "counted before the failure, under a readable name: " + count);
        for (RecordKind kind : List.of(RecordKind.ACTIVITY, RecordKind.ENTITY)) {
            for (ProvRecord r : d.records(kind)) {
                for (List<Literal> values : r.attributes().asMap().values()) {
                    for (Literal l : values) {
                        assertFalse(l.lexical().equals("null"), "a 'null' text in " + r);
                    }
                }
            }
        }
    }
}
