package org.provhooks.core.session;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.ml.MlRun;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.DataRef;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.yprov.FakeYProv;
import org.provhooks.core.yprov.YProvConfig;

class RunSessionTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();
    WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** An environment with no config file and the outbox in the test directory. */
    private Map<String, String> env(String... pairs) throws Exception {
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "");
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                YProvConfig.ENV_CONFIG,
                empty.toString(),
                RunSettings.ENV_OUTBOX,
                dir.resolve("outbox").toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Map<String, String> pushEnv(int port) throws Exception {
        return env(
                YProvConfig.ENV_URL,
                "http://127.0.0.1:" + port,
                YProvConfig.ENV_USER,
                "jdoe",
                YProvConfig.ENV_PASSWORD,
                "s3cret");
    }

    private RunSession open(Map<String, String> env, RunSettings.Builder b) {
        RunSettings s = b.resolve(env, warnings::add);
        return RunSession.open(RunStart.of("TestEngine", "run-1", "wf", T0), s, env, warnings::add);
    }

    private Path mlRunDocument() throws Exception {
        try (MlRun run = MlRun.start(dir.resolve("task7"), "train", Clock.systemUTC(), Map.of())) {
            run.logParam("lr", 0.1).logMetric("loss", 0.5, MlRun.TRAINING, 0);
            return run.endRun();
        }
    }

    private static long activitiesAtLevel(Document d, String level) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().first(Vocab.LEVEL) != null
                        && a.attributes().first(Vocab.LEVEL).lexical().equals(level))
                .count();
    }

    @Test
    void writesTheFileAndPushesTheWorkflowAndItsLinkedMlRunDocumentThenSaysSoInOneLine() throws Exception {
        server = FakeYProv.start();
        Path ml = mlRunDocument();
        String line;
        try (RunSession s = open(
                pushEnv(server.port()), RunSettings.builder(dir.resolve("out")).telemetry(false))) {
            s.recorder()
                    .task(TaskActivity.builder("7")
                            .label("TRAIN")
                            .status("COMPLETED")
                            .output(DataRef.file(ml))
                            .build());
            s.linkMlRun("7", ml);
            line = s.finish("Completed", T0.plusSeconds(5));
        }
        Path file = dir.resolve("out/run-1.prov.json").toAbsolutePath();
        assertEquals(
                "provenance: wrote " + file + "; yProv: sent 2, pending 0, failed 0 (1 task, 1 ML run linked)", line);
        server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/" + DocumentIds.forWorkflow("run-1"))));
        String mlId = DocumentIds.forMlRun("run-1", "7", "train_0");
        server.verify(putRequestedFor(urlMatching("/api/v0/documents/" + mlId.substring(0, 10) + ".*")));
        server.verify(2, putRequestedFor(urlMatching("/api/v0/documents/.*")));
        assertEquals(List.of(), warnings);

        Document d = ProvJsonReader.read(file);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals(1, activitiesAtLevel(d, "0"), "exactly one workflow-level activity");
        assertEquals(1, activitiesAtLevel(d, "1"));
        ProvRecord mlRun = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN)))
                .findFirst()
                .orElseThrow();
        assertEquals("2", mlRun.attributes().first(Vocab.LEVEL).lexical(), "a linked ML run is the third level");
    }

    @Test
    void serverDownWaitsAtMostTheConfiguredTimeAndKeepsTheDocuments() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String line;
        long t0 = System.nanoTime();
        try (RunSession s = open(
                pushEnv(port),
                RunSettings.builder(dir.resolve("out")).telemetry(false).pushWait(Duration.ofMillis(500)))) {
            line = s.finish("Completed", T0.plusSeconds(1));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3000, "waited " + ms + " ms");
        assertTrue(line.contains("yProv: sent 0, pending 1, failed 0"), line);
        assertTrue(line.contains("kept in " + dir.resolve("outbox/pending")), line);
        assertFalse(line.contains("\n"));
        assertTrue(Files.exists(dir.resolve("out/run-1.prov.json")));
        assertTrue(Files.exists(dir.resolve("outbox/pending/" + DocumentIds.forWorkflow("run-1") + ".prov.json")));
    }

    @Test
    void anOutputDirectoryThatCannotTakeTheDocumentSendsItToTheFallbackDirectory() throws Exception {
        Path blocked = dir.resolve("provenance");
        Files.writeString(blocked, "a file where the directory should be");
        String line;
        try (RunSession s = open(env(), RunSettings.builder(blocked).telemetry(false))) {
            line = s.finish("Completed", T0.plusSeconds(1));
        }
        assertTrue(line.contains("could not write to " + blocked), line);
        Path written = ProvFileOutput.fallbackDirectory().resolve("run-1.prov.json");
        try {
            assertTrue(line.contains("wrote " + written + " instead"), line);
            assertEquals(List.of(), Validator.validate(ProvJsonReader.read(written)));
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void aWarningCarryingACredentialIsPrintedMasked() throws Exception {
        String line;
        try (RunSession s = open(env(), RunSettings.builder(dir.resolve("out")).telemetry(false))) {
            s.addOutput(new RunOutput() {
                @Override
                public String name() {
                    return "remote";
                }

                @Override
                public String emit(FinishedRun run) {
                    throw new IllegalStateException("cannot reach https://alice:UrlPw-7f3k2@db.example.org/x");
                }
            });
            line = s.finish("Completed", T0.plusSeconds(1));
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertFalse(warnings.get(0).contains("UrlPw-7f3k2"), warnings.get(0));
        assertTrue(warnings.get(0).contains("alice:[REDACTED]@db.example.org"), warnings.get(0));
        assertFalse(line.contains("UrlPw-7f3k2"), line);
    }

    @Test
    void anOutputThatThrowsWarnsOnceAndLeavesTheFileOutputWritten() throws Exception {
        String line;
        try (RunSession s = open(env(), RunSettings.builder(dir.resolve("out")).telemetry(false))) {
            s.addOutput(new RunOutput() {
                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public String emit(FinishedRun run) {
                    throw new IllegalStateException("disk full");
                }
            });
            line = s.finish("Completed", T0.plusSeconds(1));
        }
        assertTrue(line.startsWith("provenance: wrote "), line);
        assertTrue(line.contains("broken failed"), line);
        assertEquals(
                List.of(
                        "provenance output 'broken' failed: IllegalStateException: disk full; the other outputs and the workflow go on"),
                warnings);
        assertEquals(List.of(), Validator.validate(ProvJsonReader.read(dir.resolve("out/run-1.prov.json"))));
    }

    @Test
    void closingWithoutFinishingStopsTheSamplerAndRemovesTheSpool() throws Exception {
        Path spool = dir.resolve("spool");
        RunSession s = open(
                env(),
                RunSettings.builder(dir.resolve("out"))
                        .telemetryInterval(Duration.ofMillis(50))
                        .spoolDirectory(spool));
        try (s) {
            assertTrue(s.sampling());
            s.recorder().task(TaskActivity.builder("1").label("A").build());
            try (Stream<Path> l = Files.list(spool)) {
                assertEquals(1, l.count(), "records spooled on disk");
            }
            throw new IllegalStateException("the adapter failed half-way");
        } catch (IllegalStateException expected) {
            // the workflow's own failure
        }
        assertFalse(s.sampling());
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("provhooks-telemetry") && t.isAlive()),
                "no sampler thread left");
        try (Stream<Path> l = Files.list(spool)) {
            assertEquals(0, l.count(), "spool removed");
        }
    }

    @Test
    void aDocumentWithNoMlRunDeclaresOnlyAbsoluteIriNamespaces() throws Exception {
        try (RunSession s =
                open(env(), RunSettings.builder(dir.resolve("out")).telemetryInterval(Duration.ofMillis(50)))) {
            s.recorder()
                    .task(TaskActivity.builder("1")
                            .label("A")
                            .status("COMPLETED")
                            .build());
            s.finish("Completed", Instant.now());
        }
        Document d = ProvJsonReader.read(dir.resolve("out/run-1.prov.json"));
        assertTrue(
                d.records(RecordKind.ENTITY).stream()
                        .anyMatch(e ->
                                e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.TELEMETRY_METRIC))),
                "telemetry recorded");
        for (Namespace ns : d.namespaces().values()) {
            assertTrue(URI.create(ns.uri()).isAbsolute(), ns.prefix() + " -> " + ns.uri());
        }
    }

    @Test
    void anUnusableOutboxOrBadUrlDisablesPushingOnlyWithOneWarning() throws Exception {
        Path notADir = dir.resolve("file.txt");
        Files.writeString(notADir, "x");
        Map<String, String> env = pushEnv(9);
        env.put(RunSettings.ENV_OUTBOX, notADir.resolve("outbox").toString());
        String line;
        try (RunSession s = open(env, RunSettings.builder(dir.resolve("out")).telemetry(false))) {
            line = s.finish("Completed", T0);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(
                warnings.get(0).startsWith("provenance push disabled: cannot use outbox directory"), warnings.get(0));
        assertTrue(line.startsWith("provenance: wrote "), line);
        assertFalse(line.contains("yProv"), line);

        warnings.clear();
        Map<String, String> bad =
                env(YProvConfig.ENV_URL, "localhost:3000", YProvConfig.ENV_USER, "u", YProvConfig.ENV_PASSWORD, "p");
        try (RunSession s = open(bad, RunSettings.builder(dir.resolve("out2")).telemetry(false))) {
            s.finish("Completed", T0);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("malformed yProv URL 'localhost:3000'"), warnings.get(0));
        assertTrue(Files.exists(dir.resolve("out2/run-1.prov.json")));
    }

    @Test
    void settingsComeFromTheSystemThenTheEnvironmentThenTheConfigFile() throws Exception {
        Path props = dir.resolve("config.properties");
        Files.writeString(
                props,
                "yprov.url=http://file:3000\nyprov.user=fileuser\nyprov.password=filepw\noutputs=prov\npush.waitSeconds=7\n");
        Map<String, String> env = Map.of(
                YProvConfig.ENV_CONFIG,
                props.toString(),
                YProvConfig.ENV_USER,
                "envuser",
                RunSettings.ENV_OUTPUTS,
                "prov, yprov");
        RunSettings fromFile = RunSettings.builder(dir).resolve(env, warnings::add);
        assertEquals(new RunSettings.Push("http://file:3000", "envuser", "filepw", null), fromFile.push());
        assertEquals(List.of("prov", "yprov"), fromFile.outputs());
        assertEquals(Duration.ofSeconds(7), fromFile.pushWait());
        assertFalse(fromFile.push().toString().contains("filepw"));

        RunSettings system = RunSettings.builder(dir)
                .pushUrl("http://system:1")
                .pushUser("sys")
                .pushWait(Duration.ofSeconds(2))
                .outputs(List.of("PROV"))
                .resolve(env, warnings::add);
        assertEquals("http://system:1", system.push().url());
        assertEquals("sys", system.push().user());
        assertEquals(List.of("prov", "yprov"), system.outputs(), "a configured server adds the yprov output");
        assertEquals(Duration.ofSeconds(2), system.pushWait());
        assertEquals(List.of(), warnings);

        RunSettings asked = RunSettings.builder(dir)
                .pushWhenConfigured(false)
                .resolve(Map.of(YProvConfig.ENV_CONFIG, props.toString()), warnings::add);
        assertNull(asked.push(), "a system that pushes only when asked does not push because a URL is set");
        assertEquals(List.of("prov"), asked.outputs());
    }

    @Test
    void yprovWithoutAServerAndUnknownOutputsAreOneWarningEach() throws Exception {
        Map<String, String> env = env();
        String line;
        try (RunSession s = open(
                env,
                RunSettings.builder(dir.resolve("out"))
                        .telemetry(false)
                        .outputs(List.of("prov", "yprov", "tarball")))) {
            line = s.finish("Completed", T0);
        }
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(
                warnings.get(0).startsWith("provenance output 'yprov' needs a server: set PROVHOOKS_YPROV_URL"),
                warnings.get(0));
        assertEquals(
                "unknown provenance output 'tarball' (ignored); choose from prov, crate, report, openlineage, yprov",
                warnings.get(1));
        assertTrue(line.startsWith("provenance: wrote "), line);
    }

    @Test
    void aBrokenConfigFileIsOneWarningAndTheRunIsStillRecorded() throws Exception {
        Map<String, String> env =
                Map.of(YProvConfig.ENV_CONFIG, dir.resolve("missing.properties").toString());
        RunSettings s = RunSettings.builder(dir.resolve("out")).telemetry(false).resolve(env, warnings::add);
        assertEquals(1, warnings.size());
        assertTrue(
                warnings.get(0).contains("PROVHOOKS_CONFIG names " + dir.resolve("missing.properties")),
                warnings.get(0));
        assertEquals(List.of("prov"), s.outputs());
    }
}
