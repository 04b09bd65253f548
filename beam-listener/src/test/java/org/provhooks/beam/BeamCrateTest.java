package org.provhooks.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.crate.CrateCheck;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

/** The {@code crate} output of a Beam word count on the DirectRunner: one action per transform, files as results. */
class BeamCrateTest {
    @TempDir
    Path dir;

    @Test
    void wordCountGetsACrateWhoseActionsAreItsTransforms() throws Exception {
        Path in = TestPipelines.input(dir);
        ProvenanceOptions o = TestPipelines.options(dir, "--provenanceOutputs=prov,crate");
        PipelineResult r =
                TestPipelines.wordCount(o, in, dir.resolve("out/counts")).run();
        assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());

        Document d = TestPipelines.document(o);
        long transforms = d.records(RecordKind.ACTIVITY).stream()
                .filter(a ->
                        Vocab.LEVEL_TASK.equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                .count();
        JsonNode graph = new ObjectMapper()
                .readTree(Path.of(o.getProvenanceOutput())
                        .resolve(o.getJobName() + "-crate/ro-crate-metadata.json")
                        .toFile())
                .get("@graph");
        Set<String> ids = new HashSet<>();
        graph.forEach(e -> ids.add(e.get("@id").asText()));
        long actions = 0;
        boolean wroteShards = false;
        for (JsonNode e : graph) {
            if ("CreateAction".equals(e.path("@type").asText())) {
                actions++;
                assertTrue(ids.contains(e.path("instrument").path("@id").asText()), e.toString());
                for (JsonNode result : e.path("result")) {
                    wroteShards |= result.path("@id").asText().contains("counts-");
                }
            }
        }
        assertEquals(transforms + 1, actions, "one action per transform, and the run");
        assertTrue(wroteShards, "the written shards are results of the write step");
        ProvRecord wf = TestPipelines.workflow(d);
        assertEquals("DONE", wf.attributes().first(Vocab.STATUS).lexical());

        // Read as RDF: every rule of the three profiles holds, every file in the crate is what it says.
        Path crate = Path.of(o.getProvenanceOutput()).resolve(o.getJobName() + "-crate");
        CrateCheck c = CrateCheck.read(crate);
        assertEquals(java.util.List.of(), c.problems());
        // The pipeline's source (this test, which called run()) is the main entity, in Apache Beam.
        assertTrue(c.ask("ASK { <./> s:mainEntity <BeamCrateTest.java> . <BeamCrateTest.java> s:programmingLanguage"
                + " ?l . ?l s:name \"Apache Beam (Java SDK)\" }"));
        // The shards the write step produced are the run's outputs, copied in, each realising the write's output.
        java.util.List<String> outputs = c.select(
                "SELECT ?f WHERE { ?run s:instrument <BeamCrateTest.java> ; s:result ?f . ?f s:exampleOfWork ?p }",
                "f");
        assertTrue(
                !outputs.isEmpty() && outputs.stream().allMatch(f -> f.contains("/outputs/counts-")),
                outputs.toString());
    }
}
