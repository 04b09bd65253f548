package org.provhooks.beam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Assertions;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** Pipelines and document queries shared by the tests. */
public final class TestPipelines {
    private TestPipelines() {}

    static final String TEXT = "the quick brown fox\njumps over the lazy dog\nthe end\n";
    static final long WORDS = 11;

    /** Counts words and reports metrics of every kind the tests check. */
    public static class CountingFn extends DoFn<String, String> {
        private final Counter words = Metrics.counter("wordcount", "words");
        private final Distribution lengths = Metrics.distribution("wordcount", "word_length");

        @ProcessElement
        public void process(@Element String w, OutputReceiver<String> out) {
            words.inc();
            lengths.update(w.length());
            out.output(w);
        }
    }

    static ProvenanceOptions options(Path dir, String... extra) {
        boolean ownOutput = Arrays.stream(extra).anyMatch(a -> a.startsWith("--provenanceOutput="));
        String[] base = ownOutput
                ? new String[] {"--runner=ProvenanceRunner", "--jobName=job-" + dir.getFileName()}
                : new String[] {
                    "--runner=ProvenanceRunner",
                    "--provenanceOutput=" + dir.resolve("provenance"),
                    "--jobName=job-" + dir.getFileName()
                };
        String[] all = Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new);
        return PipelineOptionsFactory.fromArgs(all).withValidation().as(ProvenanceOptions.class);
    }

    /** Word count from {@code input} to shards under {@code outputPrefix}. */
    public static Pipeline wordCount(PipelineOptions options, Path input, Path outputPrefix) {
        Pipeline p = Pipeline.create(options);
        p.apply("ReadLines", TextIO.read().from(input.toString()))
                .apply(
                        "ExtractWords",
                        FlatMapElements.into(TypeDescriptors.strings())
                                .via((String line) -> Arrays.asList(line.split("\\W+"))))
                .apply("DropEmpty", Filter.by((String w) -> !w.isEmpty()))
                .apply("CountWords", ParDo.of(new CountingFn()))
                .apply("PerWord", Count.perElement())
                .apply(
                        "Format",
                        MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + ": " + kv.getValue()))
                .apply("WriteCounts", TextIO.write().to(outputPrefix.toString()));
        return p;
    }

    static Path input(Path dir) throws Exception {
        Path in = dir.resolve("in put.txt");
        Files.writeString(in, TEXT);
        return in;
    }

    static Document document(ProvenanceOptions o) throws Exception {
        return ProvJsonReader.read(Path.of(o.getProvenanceOutput()).resolve(o.getJobName() + ".prov.json"));
    }

    static String attr(ProvRecord r, String local) {
        Literal l = r.attributes().first(Vocab.ph(local));
        return l == null ? null : l.lexical();
    }

    static ProvRecord activity(Document d, String label) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().first(Prov.LABEL) != null
                        && a.attributes().first(Prov.LABEL).lexical().equals(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no activity " + label));
    }

    /** What every runner's word count must show: the delegate, DONE, the step's word counter, written shards. */
    static void assertWordCount(Document d, String delegate, Path outputPrefix) {
        Assertions.assertEquals(List.of(), Validator.validate(d));
        ProvRecord wf = workflow(d);
        Assertions.assertEquals(delegate, attr(wf, "delegate_runner"));
        Assertions.assertEquals("DONE", wf.attributes().first(Vocab.STATUS).lexical());
        Assertions.assertEquals(
                String.valueOf(WORDS), attr(part(d, "CountWords", "ParMultiDo"), "metric.wordcount.words"));
        List<ProvRecord> shards = d.records(RecordKind.ENTITY).stream()
                .filter(e -> String.valueOf(e.attributes().first(Prov.LOCATION)).contains(outputPrefix.toString()))
                .toList();
        Assertions.assertFalse(shards.isEmpty(), "written shards");
        Assertions.assertTrue(refs(
                        d,
                        RecordKind.WAS_GENERATED_BY,
                        Formal.ENTITY,
                        shards.get(0).id(),
                        Formal.ACTIVITY)
                .contains(activity(d, "WriteCounts").id()));
    }

    static ProvRecord workflow(Document d) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().local().equals("workflow"))
                .findFirst()
                .orElseThrow();
    }

    /** The part of {@code composite} whose label starts with {@code composite + "/" + prefix}. */
    static ProvRecord part(Document d, String composite, String prefix) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> composite.equals(attr(a, "parent"))
                        && a.attributes().first(Prov.LABEL).lexical().startsWith(composite + "/" + prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no part " + prefix + " of " + composite));
    }

    static List<QualifiedName> refs(Document d, RecordKind kind, Formal match, QualifiedName id, Formal want) {
        return d.records(kind).stream()
                .filter(r -> id.equals(r.ref(match)))
                .map(r -> r.ref(want))
                .toList();
    }

    static List<ProvRecord> entitiesWith(Document d, String attr) {
        return d.records(RecordKind.ENTITY).stream()
                .filter(e -> attr(e, attr) != null)
                .toList();
    }
}
