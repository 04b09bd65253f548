package org.provhooks.core.crate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * The crate read by an independent JSON-LD processor (Apache Jena, context resolved offline from test resources) and
 * checked on the RDF graph with SPARQL: the profiles' MUST points this writer covers, the competency questions (which
 * tool ran which step, inputs and outputs and times per action), and every reference resolved.
 */
class RunCrateTest {
    private static final String BASE = CrateCheck.BASE;
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    /**
     * A Nextflow-like run: a script, parameters (one naming the input file), ALIGN then a failed and a retried QC, a
     * cached REPORT, an ML run document with a metric file, published outputs (one small, one over the test limit).
     * REPORT is seen first but uses QC's output, so data flow, not first sight, orders the steps.
     */
    private Path document() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "happy_turing", "rnaseq", T0);
        rec.engineVersion("24.10.0");
        rec.user("jdoe");
        Path script = dir.resolve("pipeline/main.nf");
        Path raw = dir.resolve("data/raw reads.fq");
        Path aligned = dir.resolve("work/aligned.bam");
        Path qc = dir.resolve("work/qc.txt");
        Path report = dir.resolve("work/report.html");
        Path published = dir.resolve("results/qc/report.html");
        Path big = dir.resolve("results/big.bin");
        for (Path p : List.of(script, raw, aligned, qc, report, published, big)) {
            Files.createDirectories(p.getParent());
        }
        Files.writeString(script, "workflow { ALIGN(params.reads) | QC | REPORT }");
        Files.writeString(raw, "ACGT");
        Files.writeString(aligned, "BAM");
        Files.writeString(qc, "ok");
        Files.writeString(report, "<html>report</html>");
        Files.writeString(published, "<html>report</html>");
        Files.write(big, new byte[4096]);
        rec.attribute("script_file", script.toString())
                .attribute("launch_dir", dir.toString())
                .attribute("output_dir", dir.resolve("results").toString())
                .attribute("repository", "https://github.com/example/rnaseq")
                .attribute("commit_id", "0123abcd");
        rec.parameters(java.util.Map.of("reads", "data/raw reads.fq", "genome", "GRCh38", "max_cpus", 4));
        rec.task(TaskActivity.builder("9")
                .label("REPORT (1)")
                .status("CACHED")
                .attribute("process", "REPORT")
                .attribute("original_start", T0.minusSeconds(100))
                .attribute("original_complete", T0.minusSeconds(90))
                .input(DataRef.file(qc))
                .output(DataRef.file(report))
                .build());
        rec.task(TaskActivity.builder("1")
                .label("ALIGN (1)")
                .status("COMPLETED")
                .start(T0.plusSeconds(1))
                .end(T0.plusSeconds(5))
                .attribute("process", "ALIGN")
                .attribute("realtime_ms", 4000L)
                .attribute("pcpu", 150.0)
                .attribute("peak_rss", 1048576L)
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
                .attribute("attempt", 1)
                .attribute("exit", 3)
                .input(DataRef.file(aligned))
                .build());
        rec.task(TaskActivity.builder("3")
                .label("QC (1)")
                .status("COMPLETED")
                .start(T0.plusSeconds(8))
                .end(T0.plusSeconds(9))
                .attribute("process", "QC")
                .attribute("attempt", 2)
                .input(DataRef.file(aligned))
                .output(DataRef.file(qc))
                .build());
        rec.published(DataRef.file(published), DataRef.file(report));
        rec.published(DataRef.file(big), DataRef.file(aligned));
        Path ml;
        try (org.provhooks.core.ml.MlRun run = org.provhooks.core.ml.MlRun.start(
                dir.resolve("mlruns"), "align", java.time.Clock.systemUTC(), java.util.Map.of())) {
            run.logMetric("loss", 0.5, org.provhooks.core.ml.MlRun.TRAINING, 0);
            run.logMetric("loss", 0.25, org.provhooks.core.ml.MlRun.TRAINING, 1);
            ml = run.endRun();
        }
        rec.linkMlRun("1", ml);
        Path doc = dir.resolve("happy_turing.prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Failed", T0.plusSeconds(10)), doc);
        return doc;
    }

    /** The test crate: outputs up to 1 KB copied in (the 4 KB one stays outside). */
    private static final CrateOptions SMALL = CrateOptions.DEFAULTS.withMaxFileBytes(1024);

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
        CrateCheck c = CrateCheck.read(crate);
        assertEquals(List.of(), c.problems());
        assertTrue(c.ask("ASK { ?a a s:CreateAction ; s:name \"A\" ; s:instrument ?t }"));
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

    /** A run document whose series are Zarr stores: each store is copied whole, as a Dataset, and the crate holds. */
    @Test
    void zarrMetricStoresAreCopiedAsDatasets() throws Exception {
        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "zarr_run", "train", T0);
        rec.task(TaskActivity.builder("1")
                .label("TRAIN (1)")
                .status("COMPLETED")
                .start(T0)
                .end(T0.plusSeconds(2))
                .build());
        Path ml;
        try (org.provhooks.core.ml.MlRun run = org.provhooks.core.ml.MlRun.start(
                        dir.resolve("mlruns"), "train", java.time.Clock.systemUTC(), java.util.Map.of())
                .metricFormat(org.provhooks.core.ml.MetricFormat.ZARR)) {
            for (int step = 0; step < 1500; step++) {
                run.logMetric("loss", 1.0 / (step + 1), org.provhooks.core.ml.MlRun.TRAINING, step);
            }
            ml = run.endRun();
        }
        rec.linkMlRun("1", ml);
        Path doc = dir.resolve("zarr_run.prov.json");
        ProvJsonWriter.pretty().write(rec.finish("Completed", T0.plusSeconds(3)), doc);

        Path crate = RunCrate.write(doc, dir.resolve("zarr-crate"), CrateOptions.DEFAULTS);
        CrateCheck c = CrateCheck.read(crate);
        assertEquals(List.of(), c.problems());
        List<String> stores = c.select(
                "SELECT ?d WHERE { ?d a s:Dataset ; s:name ?n FILTER(STRENDS(?n, \"(Zarr store)\")) . <./> s:hasPart ?d }",
                "d");
        assertEquals(1, stores.size(), stores.toString());
        Path copied = crate.resolve(stores.get(0).substring(BASE.length()));
        assertTrue(stores.get(0).endsWith(".zarr/"), stores.get(0));
        assertEquals(1500, org.provhooks.core.ml.MetricFiles.points(copied).size(), "the whole store, readable");
    }

    @Test
    void aRunCrateMeetsEveryRuleOfTheThreeProfilesAsAnRdfGraph() throws Exception {
        Path crate = RunCrate.write(document(), dir.resolve("crate"), SMALL);
        CrateCheck c = CrateCheck.read(crate);
        assertEquals(List.of(), c.problems());
        assertTrue(
                CrateCheck.rules().size() >= 30,
                "the rules file was read: " + CrateCheck.rules().keySet());
    }

    @Test
    void theCompetencyQuestionsAreAnsweredFromTheGraph() throws Exception {
        Path crate = RunCrate.write(document(), dir.resolve("crate"), SMALL);
        CrateCheck c = CrateCheck.read(crate);
        // Which tool ran which step, in data-flow order (REPORT was seen first but needs QC's output).
        assertEquals(
                List.of("0 ALIGN", "1 QC", "2 REPORT"),
                c.select(
                        "SELECT (CONCAT(STR(?p), \" \", ?name) AS ?x) WHERE { ?w s:step ?st . ?st s:position ?p ;"
                                + " s:workExample ?tool . ?tool s:name ?name }",
                        "x"));
        // Inputs and outputs per action: the file ALIGN wrote is what QC read.
        String aligned = dir.resolve("work/aligned.bam").toUri().toString();
        assertTrue(c.ask("ASK { ?align s:name \"ALIGN (1)\" ; s:result <" + aligned + "> ; s:object ?raw ."
                + " ?qc s:name \"QC (1)\" ; s:object <" + aligned + "> . <" + aligned + "> a s:MediaObject ;"
                + " s:contentSize ?size }"));
        // Times per action: every task run has them, the cached one those of the run that computed it.
        assertEquals(
                List.of("2026-01-01T09:58:20Z", "2026-01-01T10:00:01Z", "2026-01-01T10:00:06Z", "2026-01-01T10:00:08Z"),
                c.select(
                        "SELECT ?s WHERE { ?a a s:CreateAction ; s:instrument ?t ; s:startTime ?s ; s:endTime ?e ."
                                + " ?t a s:SoftwareApplication }",
                        "s"));
        assertTrue(c.ask("ASK { ?a s:name \"REPORT (1)\" ; s:actionStatus s:CompletedActionStatus ; s:description ?d"
                + " FILTER(CONTAINS(?d, \"cached\")) }"));
        // The failed first attempt says so, with its exit status; the retry is marked as attempt 2.
        assertTrue(c.ask(
                "ASK { ?a s:name \"QC (1)\" ; s:actionStatus s:FailedActionStatus ; s:error \"exit status 3\" }"));
        assertTrue(c.ask(
                "ASK { ?a s:name \"QC (1)\" ; s:actionStatus s:CompletedActionStatus ; s:description \"Attempt 2\" }"));
        // Resource use with QUDT units: CPU time from %cpu x realtime, energy and CO2e with their method.
        assertTrue(c.ask(
                "ASK { ?a s:name \"ALIGN (1)\" ; wfrun:containerImage ?img ; wfrun:resourceUsage ?e , ?c , ?m , ?cpu ."
                        + " ?e s:name \"energy\" ; s:value \"12.5\" ; s:unitCode \"https://qudt.org/vocab/unit/J\" ."
                        + " ?c s:name \"co2e\" ; s:unitCode \"https://qudt.org/vocab/unit/GM\" ."
                        + " ?cpu s:name \"cpu_time\" ; s:value \"6000\" ; s:unitCode \"https://qudt.org/vocab/unit/MilliSEC\" ."
                        + " ?m s:name \"energy_method\" ; s:value \"estimated-upper-bound\" }"));
        // The run's agent is its person; the engine's OrganizeAction ends in the run.
        assertTrue(c.ask("ASK { ?run a s:CreateAction ; s:agent ?p . ?p a s:Person ; s:name \"jdoe\" ."
                + " ?o a s:OrganizeAction ; s:result ?run ; s:instrument ?e . ?e s:softwareVersion \"24.10.0\" }"));
    }

    @Test
    void theWorkflowItsParametersOutputsAndMlRunsAreInTheCrate() throws Exception {
        Path crate = RunCrate.write(document(), dir.resolve("crate"), SMALL);
        CrateCheck c = CrateCheck.read(crate);
        // The workflow's source is the main entity, copied in, in Nextflow as WorkflowHub names it.
        assertTrue(c.ask("ASK { <./> s:mainEntity <main.nf> . <main.nf> s:programmingLanguage"
                + " <https://w3id.org/workflowhub/workflow-ro-crate#nextflow> ; s:version \"0123abcd\" ;"
                + " s:codeRepository \"https://github.com/example/rnaseq\" }"));
        assertEquals(Files.readString(dir.resolve("pipeline/main.nf")), Files.readString(crate.resolve("main.nf")));
        // Parameters: formal inputs; values as PropertyValues of the run, the one naming a file as that file.
        assertEquals(
                List.of("genome=Text", "max_cpus=Integer", "reads=File"),
                c.select(
                        "SELECT (CONCAT(?n, \"=\", ?t) AS ?x) WHERE { <./> s:mainEntity ?w . ?w bsw:input ?p ."
                                + " ?p s:name ?n ; s:additionalType ?t }",
                        "x"));
        String raw = dir.resolve("data/raw reads.fq").toUri().toString();
        assertTrue(c.ask("ASK { ?run s:instrument <main.nf> ; s:object <" + raw + "> , ?pv . <" + raw
                + "> s:exampleOfWork ?reads . ?reads s:name \"reads\" . ?pv a s:PropertyValue ; s:value \"GRCh38\" ;"
                + " s:exampleOfWork ?g }"));
        // Published outputs: the small one copied under outputs/ (path kept), the large one referenced by URI.
        assertTrue(c.ask("ASK { ?run s:instrument <main.nf> ; s:result <outputs/qc/report.html> , <"
                + dir.resolve("results/big.bin").toUri() + "> . <outputs/qc/report.html> s:exampleOfWork ?o ."
                + " <main.nf> bsw:output ?o }"));
        assertEquals("<html>report</html>", Files.readString(crate.resolve("outputs/qc/report.html")));
        assertTrue(Files.notExists(crate.resolve("outputs/big.bin")));
        // The ML run document and its metric file, results of the task that trained.
        List<String> ml = c.select(
                "SELECT ?f WHERE { ?a s:name \"ALIGN (1)\" ; s:result ?f FILTER(STRSTARTS(STR(?f), \"" + BASE
                        + "ml/\")) }",
                "f");
        assertEquals(2, ml.size(), ml.toString());
        assertTrue(ml.stream().anyMatch(f -> f.endsWith(".csv")), ml.toString());
        String csv = ml.stream().filter(f -> f.endsWith(".csv")).findFirst().orElseThrow();
        assertTrue(Files.readString(crate.resolve(csv.substring(BASE.length()))).contains("0.25"));
    }

    /**
     * Each rule can fail: the metadata of a good crate broken in one way at a time is caught by the rule about it.
     */
    @Test
    void eachBrokenPointIsCaughtByItsRule() throws Exception {
        Path crate = RunCrate.write(document(), dir.resolve("crate"), SMALL);
        Path metadata = crate.resolve(RunCrate.METADATA);
        String good = Files.readString(metadata);
        ObjectMapper json = new ObjectMapper();
        java.util.Map<String, java.util.function.Consumer<ArrayNode>> breaks = new java.util.LinkedHashMap<>();
        breaks.put("process/instrument", g -> entity(g, "#task-1").remove("instrument"));
        breaks.put("workflow/main-entity", g -> entity(g, "./").remove("mainEntity"));
        breaks.put("provenance/conforms", g -> ((ArrayNode) entity(g, "./").get("conformsTo")).remove(2));
        breaks.put("provenance/order", g -> entity(g, "#step-REPORT").put("position", 0));
        breaks.put("provenance/work-example", g -> entity(g, "#step-QC").remove("workExample"));
        breaks.put("provenance/how-to", g -> ((ArrayNode) entity(g, "main.nf").get("@type")).remove(3));
        breaks.put("provenance/control-action", g -> entity(g, "#control-QC").remove("instrument"));
        breaks.put("provenance/organize-action", g -> entity(g, "#organize").remove("result"));
        breaks.put("provenance/resource-usage", g -> entity(g, "#task-1-energy").remove("propertyID"));
        breaks.put("provenance/unit-code", g -> entity(g, "#task-1-energy").remove("unitCode"));
        breaks.put("process/error", g -> entity(g, "#task-1").put("error", "boom"));
        breaks.put("process/time-order", g -> entity(g, "#task-1").put("endTime", "2020-01-01T00:00:00Z"));
        breaks.put("workflow/formal-parameter", g -> entity(g, "#param-genome").remove("additionalType"));
        breaks.put("workflow/inputs-outputs", g -> entity(g, "#run").remove("result"));
        breaks.put("ro-crate/has-part", g -> entity(g, "./").remove("hasPart"));
        breaks.put("ro-crate/root", g -> entity(g, "./").remove("license"));
        breaks.put(
                "dangling reference",
                g -> entity(g, "#task-1").putObject("agent").put("@id", "#nobody"));
        breaks.put("wrong sha256", g -> entity(g, "main.nf").put("sha256", "00"));
        for (java.util.Map.Entry<String, java.util.function.Consumer<ArrayNode>> b : breaks.entrySet()) {
            ObjectNode root = (ObjectNode) json.readTree(good);
            b.getValue().accept((ArrayNode) root.get("@graph"));
            Files.writeString(metadata, json.writeValueAsString(root));
            List<String> problems = CrateCheck.read(crate).problems();
            assertTrue(
                    problems.stream().anyMatch(p -> p.startsWith(b.getKey())), b.getKey() + " not caught: " + problems);
        }
    }

    private static ObjectNode entity(ArrayNode graph, String id) {
        for (com.fasterxml.jackson.databind.JsonNode e : graph) {
            if (id.equals(e.path("@id").asText())) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError("no entity " + id);
    }

    @Test
    void filesAreNeverWrittenOutsideTheCrateWhateverTheirNames() throws Exception {
        assertEquals("_._evil", CrateFiles.relative("", ".._evil"));
        assertEquals("outputs/_/_/etc/passwd", CrateFiles.relative("outputs", "../../etc/passwd"));
        assertEquals("a_b/c_d", CrateFiles.relative("a b", "c;d"));
        assertEquals("_hidden", CrateFiles.safeSegment(".hidden"));
        // Two files of one name land side by side, neither replacing the other nor the crate's own files.
        Path a = dir.resolve("x/ro-crate-metadata.json");
        Path b = dir.resolve("y/ro-crate-metadata.json");
        Files.createDirectories(a.getParent());
        Files.createDirectories(b.getParent());
        Files.writeString(a, "a");
        Files.writeString(b, "b");
        CrateFiles files = new CrateFiles(dir.resolve("c"), CrateOptions.DEFAULTS);
        files.reserve(RunCrate.METADATA);
        CrateFiles.Copied ca = files.always(a, "", a.getFileName().toString());
        CrateFiles.Copied cb = files.always(b, "", b.getFileName().toString());
        assertEquals(List.of("2-ro-crate-metadata.json", "3-ro-crate-metadata.json"), List.of(ca.id(), cb.id()));
        assertEquals("b", Files.readString(dir.resolve("c").resolve(cb.id())));
        // Over the limits: not copied, and counted.
        CrateFiles limited = new CrateFiles(dir.resolve("d"), CrateOptions.DEFAULTS.withMaxFileBytes(0));
        assertEquals(null, limited.ifWithinLimits(a, "outputs", "a"));
        assertEquals(1, limited.skippedByLimits());
    }

    @Test
    void stepsFollowTheDataFlowAndCyclesKeepFirstSeenOrder() {
        java.util.Map<String, java.util.Set<String>> up = java.util.Map.of(
                "C",
                java.util.Set.of("B"),
                "B",
                java.util.Set.of("A"),
                "X",
                java.util.Set.of("Y"),
                "Y",
                java.util.Set.of("X"));
        java.util.Map<String, Integer> p = StepOrder.positions(List.of("C", "B", "A", "X", "Y"), up);
        assertTrue(p.get("A") < p.get("B") && p.get("B") < p.get("C"), p.toString());
        assertEquals(5, new java.util.HashSet<>(p.values()).size(), p.toString());
        assertTrue(p.get("X") < p.get("Y"), p.toString());
    }
}
