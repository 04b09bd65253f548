package org.provhooks.core.crate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The crate read by an independent JSON-LD processor (Apache Jena, context resolved offline from test resources) and
 * checked on the RDF graph with SPARQL: the profiles' MUST points this writer covers, the competency questions (which
 * tool ran which step, inputs and outputs and times per action), and every reference resolved.
 */
class RunCrateTest {
    private static final String BASE = "file:///crate/";
    private static final String PREFIXES = "PREFIX s: <http://schema.org/>\n"
            + "PREFIX dct: <http://purl.org/dc/terms/>\n"
            + "PREFIX wfrun: <https://w3id.org/ro/terms/workflow-run#>\n";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path document() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "happy_turing", "rnaseq", T0);
        rec.engineVersion("24.10.0");
        rec.user("jdoe");
        Path raw = dir.resolve("data/raw reads.fq");
        Path aligned = dir.resolve("work/aligned.bam");
        Files.createDirectories(raw.getParent());
        Files.createDirectories(aligned.getParent());
        Files.writeString(raw, "ACGT");
        Files.writeString(aligned, "BAM");
        rec.task(TaskActivity.builder("1")
                .label("ALIGN (1)")
                .status("COMPLETED")
                .start(T0.plusSeconds(1))
                .end(T0.plusSeconds(5))
                .attribute("process", "ALIGN")
                .attribute("realtime_ms", 4000L)
                .attribute("energy_j", 12.5)
                .attribute("co2e_g", 0.004)
                .attribute("energy_method", "estimated-upper-bound")
                .attribute("container", "quay.io/biocontainers/bwa:0.7.17")
                .input(DataRef.file(raw))
                .output(DataRef.file(aligned))
                .build());
        rec.task(TaskActivity.builder("2")
                .label("QC (1)")
                .status("FAILED")
                .start(T0.plusSeconds(6))
                .end(T0.plusSeconds(7))
                .attribute("process", "QC")
                .attribute("exit", 3)
                .input(DataRef.file(aligned))
                .build());
        rec.task(TaskActivity.builder("3")
                .label("QC (2)")
                .status("COMPLETED")
                .start(T0.plusSeconds(8))
                .end(T0.plusSeconds(9))
                .attribute("process", "QC")
                .input(DataRef.file(aligned))
                .build());
        Path ml;
        try (org.provhooks.core.ml.MlRun run = org.provhooks.core.ml.MlRun.start(
                dir.resolve("mlruns"), "align", java.time.Clock.systemUTC(), java.util.Map.of())) {
            run.logMetric("loss", 0.5, org.provhooks.core.ml.MlRun.TRAINING, 0);
            ml = run.endRun();
        }
        rec.linkMlRun("1", ml);
        Path doc = dir.resolve("happy_turing.prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Failed", T0.plusSeconds(10)), doc);
        return doc;
    }

    /** The crate's metadata as RDF, its remote context replaced by the offline one. */
    private static Model read(Path crate) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode metadata =
                (ObjectNode) json.readTree(crate.resolve(RunCrate.METADATA).toFile());
        ArrayNode context = (ArrayNode) metadata.get("@context");
        assertEquals("https://w3id.org/ro/crate/1.1/context", context.get(0).asText());
        ObjectNode offline;
        try (InputStream in = RunCrateTest.class.getResourceAsStream("ro-crate-context-offline.json")) {
            offline = (ObjectNode) json.readTree(in);
        }
        offline.setAll((ObjectNode) context.get(1));
        metadata.set("@context", offline);
        Model m = ModelFactory.createDefaultModel();
        RDFParser.fromString(json.writeValueAsString(metadata), Lang.JSONLD)
                .base(BASE)
                .parse(m);
        return m;
    }

    private static boolean ask(Model m, String query) {
        try (QueryExecution q = QueryExecution.model(m).query(PREFIXES + query).build()) {
            return q.execAsk();
        }
    }

    private static List<String> select(Model m, String query, String var) {
        List<String> out = new ArrayList<>();
        try (QueryExecution q = QueryExecution.model(m).query(PREFIXES + query).build()) {
            ResultSet rs = q.execSelect();
            while (rs.hasNext()) {
                QuerySolution s = rs.next();
                out.add(s.get(var).toString());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void theCrateOutputOfASessionWritesTheCrateBesideTheDocument() throws Exception {
        org.provhooks.core.session.RunSettings settings = org.provhooks.core.session.RunSettings.builder(
                        dir.resolve("out"))
                .outputs(List.of("prov", "crate"))
                .telemetry(false)
                .resolve(java.util.Map.of(), w -> {
                    throw new AssertionError(w);
                });
        String line;
        try (org.provhooks.core.session.RunSession s = org.provhooks.core.session.RunSession.open(
                org.provhooks.core.session.RunStart.of("Nextflow", "r1", "wf", T0), settings, java.util.Map.of(), w -> {
                    throw new AssertionError(w);
                })) {
            s.recorder()
                    .task(TaskActivity.builder("1")
                            .label("A")
                            .status("COMPLETED")
                            .start(T0)
                            .end(T0.plusSeconds(1))
                            .build());
            line = s.finish("Completed", T0.plusSeconds(2));
        }
        Path crate = dir.resolve("out/r1-crate");
        assertTrue(line.contains("crate " + crate), line);
        Model m = read(crate);
        assertTrue(ask(m, "ASK { ?a a s:CreateAction ; s:name \"A\" ; s:instrument ?t }"));
    }

    @Test
    void theCliWritesACrateAndNamesABadFileInOneLine() throws Exception {
        Path doc = document();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.provhooks.core.cli.ProvHooksCli.run(
                new String[] {"crate", doc.toString(), "--out", dir.resolve("c").toString()},
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                java.util.Map.of());
        assertEquals(0, code, err.toString());
        assertTrue(Files.exists(dir.resolve("c").resolve(RunCrate.METADATA)));
        code = org.provhooks.core.cli.ProvHooksCli.run(
                new String[] {
                    "crate",
                    doc.toString(),
                    "--out",
                    dir.resolve("z").toString(),
                    "--zip",
                    dir.resolve("run.crate.zip").toString()
                },
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                java.util.Map.of());
        assertEquals(0, code, err.toString());
        java.util.Set<String> entries = new java.util.TreeSet<>();
        try (java.util.zip.ZipFile z =
                new java.util.zip.ZipFile(dir.resolve("run.crate.zip").toFile())) {
            z.stream().forEach(e -> entries.add(e.getName()));
        }
        assertTrue(
                entries.contains(RunCrate.METADATA) && entries.contains("happy_turing.prov.json"), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("ml/")), entries.toString());
        code = org.provhooks.core.cli.ProvHooksCli.run(
                new String[] {"crate", dir.resolve("missing.json").toString()},
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true),
                java.util.Map.of());
        assertEquals(1, code);
        assertTrue(err.toString().trim().endsWith("missing.json: no such file"), err.toString());
    }

    @Test
    void aRunCrateMeetsTheProfilesMustPointsAsAnRdfGraph() throws Exception {
        Path doc = document();
        Path crate = RunCrate.write(doc, dir.resolve("crate"), RunCrate.DEFAULT_LICENSE);
        Model m = read(crate);

        // RO-Crate 1.1: the descriptor is about the root, which conforms to the three run-crate profiles.
        assertTrue(ask(
                m,
                "ASK { <" + BASE + "ro-crate-metadata.json> s:about <" + BASE + "> ; dct:conformsTo"
                        + " <https://w3id.org/ro/crate/1.1> }"));
        for (String profile : RunCrate.PROFILES) {
            assertTrue(
                    ask(
                            m,
                            "ASK { <" + BASE + "> a s:Dataset ; dct:conformsTo <" + profile + "> ; s:name ?n ;"
                                    + " s:datePublished ?d ; s:license ?l ; s:mainEntity ?w }"),
                    profile);
        }
        // The main entity is a computational workflow with steps that name their tools.
        assertTrue(ask(
                m,
                "ASK { <" + BASE + "> s:mainEntity ?w . ?w a s:MediaObject, s:SoftwareSourceCode,"
                        + " <https://bioschemas.org/ComputationalWorkflow>, s:HowTo ; s:programmingLanguage ?lang }"));
        assertEquals(
                List.of("ALIGN", "QC"),
                select(
                        m,
                        "SELECT ?name WHERE { ?w s:step ?step . ?step a s:HowToStep ; s:position ?p ; s:workExample"
                                + " ?tool . ?tool a s:SoftwareApplication ; s:name ?name }",
                        "name"));
        // Every CreateAction has an instrument (MUST); task actions have their times.
        assertTrue(!ask(m, "ASK { ?a a s:CreateAction FILTER NOT EXISTS { ?a s:instrument ?i } }"));
        assertEquals(
                3,
                select(
                                m,
                                "SELECT ?a WHERE { ?a a s:CreateAction ; s:instrument ?t ; s:startTime ?s ; s:endTime ?e ."
                                        + " ?t a s:SoftwareApplication }",
                                "a")
                        .size());
        // Which tool ran which step, and the engine's orchestration.
        assertEquals(
                2,
                select(
                                m,
                                "SELECT ?c WHERE { ?c a s:ControlAction ; s:instrument ?step ; s:object ?a . ?step a"
                                        + " s:HowToStep . ?a a s:CreateAction }",
                                "c")
                        .stream()
                        .distinct()
                        .count());
        assertTrue(ask(
                m,
                "ASK { ?o a s:OrganizeAction ; s:instrument ?engine ; s:object ?c ; s:result ?run ."
                        + " ?engine a s:SoftwareApplication . ?c a s:ControlAction . ?run a s:CreateAction ; s:instrument ?w ."
                        + " <" + BASE + "> s:mainEntity ?w }"));
        // Inputs and outputs per action: the file ALIGN wrote is what QC read.
        String aligned = dir.resolve("work/aligned.bam").toUri().toString();
        assertTrue(ask(
                m,
                "ASK { ?align s:name \"ALIGN (1)\" ; s:result <" + aligned + "> ; s:object ?raw ."
                        + " ?qc s:name \"QC (2)\" ; s:object <" + aligned + "> . <" + aligned + "> a s:MediaObject ;"
                        + " s:contentSize ?size }"));
        // A failed task says so; resource use carries units and the estimate's label.
        assertTrue(ask(m, "ASK { ?a s:name \"QC (1)\" ; s:actionStatus s:FailedActionStatus ; s:error \"3\" }"));
        assertTrue(ask(
                m,
                "ASK { ?a s:name \"ALIGN (1)\" ; s:actionStatus s:CompletedActionStatus ;"
                        + " wfrun:containerImage ?img ; wfrun:resourceUsage ?e , ?c , ?m ."
                        + " ?e s:name \"energy\" ; s:unitCode \"https://qudt.org/vocab/unit/J\" ; s:propertyID ?pid ."
                        + " ?c s:name \"co2e\" ; s:unitCode \"https://qudt.org/vocab/unit/GM\" ."
                        + " ?m s:name \"energy_method\" ; s:value \"estimated-upper-bound\" }"));
        // Every reference into the crate is described (no dangling @id).
        assertEquals(
                List.of(),
                select(
                        m,
                        "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), \"" + BASE
                                + "\")) FILTER NOT EXISTS { ?o a ?t } }",
                        "o"));
        // The task's yProv4ML run document is in the crate, a result of the task; the run has its person.
        List<String> mlDocs = select(
                m,
                "SELECT ?f WHERE { ?a s:name \"ALIGN (1)\" ; s:result ?f . ?f a s:MediaObject ; s:encodingFormat"
                        + " \"application/json\" ; s:contentSize ?size FILTER(STRSTARTS(STR(?f), \"" + BASE
                        + "ml/\")) }",
                "f");
        assertEquals(1, mlDocs.size(), mlDocs.toString());
        Path copied = crate.resolve(mlDocs.get(0).substring(BASE.length()));
        assertTrue(Files.isRegularFile(copied), copied.toString());
        assertTrue(ask(
                m, "ASK { <" + mlDocs.get(0) + "> <https://schema.org/sha256> \"" + Hashing.sha256(copied) + "\" }"));
        assertTrue(ask(
                m,
                "ASK { ?run a s:CreateAction ; s:agent ?p . ?p a s:Person ; s:name \"jdoe\" ."
                        + " ?o a s:OrganizeAction ; s:result ?run }"));
        // The PROV document is in the crate with its true size and checksum, about the run.
        Path prov = crate.resolve("happy_turing.prov.json");
        assertTrue(ask(
                m,
                "ASK { <" + BASE + "happy_turing.prov.json> a s:MediaObject ; s:contentSize \""
                        + Files.size(prov) + "\" ; <https://schema.org/sha256> \"" + Hashing.sha256(prov)
                        + "\" ; s:about ?run ."
                        + " ?run a s:CreateAction }"));
    }
}
