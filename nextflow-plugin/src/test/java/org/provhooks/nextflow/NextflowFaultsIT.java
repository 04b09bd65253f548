package org.provhooks.nextflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.sink.DeliveryReport;
import org.provhooks.core.sink.Outbox;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.YProvStandIn;

/**
 * Faults around a real Nextflow run with the plugin: the yProv server failing in each way, an unusable outbox or output
 * directory, broken ML run documents in task directories. For each: the pipeline's result is what it is without
 * ProvHooks, nothing captured is lost, and the console shows clear lines and no stack trace.
 */
class NextflowFaultsIT {
    /** Two tasks publishing results; task 1 leaves broken yProv4ML documents in its work directory. */
    private static final String PIPELINE = """
            process P {
              publishDir 'results', mode: 'copy'
              input: val i
              output: path "o${i}.txt"
              script:
              \"\"\"
              echo ${i} > o${i}.txt
              if [ ${i} = 1 ]; then
                printf '{"prefix": {' > prov_truncated.json
                printf 'not json at all' > prov_malformed.json
                head -c 2048 /dev/urandom > prov_binary.json
                head -c 100000000 /dev/zero | tr '\\\\0' ' ' > prov_huge.json
              fi
              \"\"\"
            }
            workflow { P(Channel.of(1, 2)) }
            """;

    @TempDir
    Path dir;

    WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private record Outcome(int exit, Map<String, String> results, String console, Path launchDir) {}

    private Outcome run(String name, boolean plugin, String config, Map<String, String> env) throws Exception {
        Path launch = dir.resolve(name);
        if (plugin) {
            NextflowRun.prepare(launch, PIPELINE, config);
        } else {
            NextflowRun.prepareWithoutPlugin(launch, PIPELINE);
        }
        NextflowRun.Result r = NextflowRun.launch(launch, env);
        Map<String, String> results = new TreeMap<>();
        Path res = launch.resolve("results");
        if (Files.isDirectory(res)) {
            try (Stream<Path> s = Files.list(res)) {
                for (Path f : s.toList()) {
                    results.put(f.getFileName().toString(), Files.readString(f));
                }
            }
        }
        return new Outcome(r.exitCode(), results, r.console(), launch);
    }

    private static void noStackTrace(Outcome o) {
        assertFalse(o.console().contains("\tat ") || o.console().contains("Exception:"), o.console());
    }

    private static Path document(Outcome o) throws IOException {
        try (Stream<Path> s = Files.list(o.launchDir().resolve("provenance"))) {
            return s.filter(p -> p.toString().endsWith(".prov.json"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static List<String> pending(Path outbox) throws IOException {
        List<String> ids = new ArrayList<>();
        Path p = outbox.resolve("pending");
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                s.filter(f -> !f.getFileName().toString().startsWith("."))
                        .forEach(f -> ids.add(f.getFileName().toString()));
            }
        }
        return ids;
    }

    private static Map<String, String> push(String url) {
        return Map.of(
                YProvConfig.ENV_URL, url,
                YProvConfig.ENV_USER, YProvStandIn.USER,
                YProvConfig.ENV_PASSWORD, YProvStandIn.PASSWORD);
    }

    private WireMockServer wiremock() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        s.start();
        return s;
    }

    @Test
    void faultsAroundTheRunNeverChangeItsResultAndLoseNothing() throws Exception {
        Outcome plain = run("plain", false, "", Map.of());
        assertEquals(0, plain.exit(), plain.console());
        assertEquals(2, plain.results().size());
        String fast = "provhooks { push { waitSeconds = 3 } }";

        // 1. The server answers 500 to every upload; the task leaves four broken ML run documents.
        server = wiremock();
        server.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .willReturn(aResponse().withStatus(200).withBody("{\"result\": \"tok-1\"}")));
        server.stubFor(
                any(urlMatching("/api/v0/documents/.*")).willReturn(aResponse().withStatus(500)));
        Outcome failing = run("server-500", true, fast, push("http://localhost:" + server.port()));
        assertEquals(plain.exit(), failing.exit(), failing.console());
        assertEquals(plain.results(), failing.results());
        noStackTrace(failing);
        assertEquals(List.of(), Validator.validate(document(failing)));
        Path outbox = failing.launchDir().resolve(".outbox");
        assertEquals(1, pending(outbox).size(), "the document waits in the outbox: " + pending(outbox));
        assertTrue(failing.console().contains("pending 1"), failing.console());
        for (String broken :
                List.of("prov_truncated.json", "prov_malformed.json", "prov_binary.json", "prov_huge.json")) {
            assertTrue(
                    failing.console()
                            .lines()
                            .anyMatch(l -> l.contains("skipped an ML run document") && l.contains(broken)),
                    broken + " named in a warning:\n" + failing.console());
        }
        // Recovery: the next start of the outbox (here the next run or `provhooks push --outbox`) delivers it.
        try (YProvStandIn up = YProvStandIn.start();
                Outbox box = Outbox.open(
                        outbox,
                        new YProvClient(YProvConfig.of(up.url(), YProvStandIn.USER, YProvStandIn.PASSWORD, null))
                                ::replace,
                        new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 20),
                        w -> {})) {
            box.start();
            DeliveryReport report = box.awaitDelivery(Duration.ofSeconds(30));
            assertEquals(1, report.sent(), report.toString());
            assertEquals(1, up.uploadedIds().size());
        }
        server.stop();

        // 2. Wrong credentials: one line saying so, the document kept.
        server = wiremock();
        server.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"Please register!\"}")));
        Outcome unauthorized = run("server-401", true, fast, push("http://localhost:" + server.port()));
        assertEquals(plain.exit(), unauthorized.exit());
        assertEquals(plain.results(), unauthorized.results());
        noStackTrace(unauthorized);
        assertEquals(1, pending(unauthorized.launchDir().resolve(".outbox")).size());
        assertTrue(unauthorized.console().toLowerCase().contains("credentials"), unauthorized.console());

        // 3. No server at all (connection refused).
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome down = run("server-down", true, fast, push("http://127.0.0.1:" + closed));
        assertEquals(plain.exit(), down.exit());
        assertEquals(plain.results(), down.results());
        noStackTrace(down);
        assertEquals(1, pending(down.launchDir().resolve(".outbox")).size());

        // 4. The outbox cannot be used (a file where its directory should be): the document file is still written.
        Path blockedOutbox = dir.resolve("not-a-directory");
        Files.writeString(blockedOutbox, "x");
        Map<String, String> env = new java.util.HashMap<>(push("http://127.0.0.1:" + closed));
        env.put("PROVHOOKS_OUTBOX", blockedOutbox.toString());
        Outcome noOutbox = run("outbox-blocked", true, fast, env);
        assertEquals(plain.exit(), noOutbox.exit());
        assertEquals(plain.results(), noOutbox.results());
        noStackTrace(noOutbox);
        assertEquals(List.of(), Validator.validate(document(noOutbox)));
        assertTrue(noOutbox.console().contains("outbox"), noOutbox.console());

        // 5. The output directory cannot be used (a file where it should be): the document goes to the fallback.
        Path launch = dir.resolve("output-blocked");
        Files.createDirectories(launch);
        Files.writeString(launch.resolve("provenance"), "x");
        Outcome noOutput = run("output-blocked", true, "", Map.of());
        assertEquals(plain.exit(), noOutput.exit());
        assertEquals(plain.results(), noOutput.results());
        noStackTrace(noOutput);
        String line = noOutput.console()
                .lines()
                .filter(l -> l.contains("could not write to"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(noOutput.console()));
        Path fallback = Path.of(line.replaceFirst(".*; wrote (.*) instead.*", "$1"));
        assertEquals(List.of(), Validator.validate(fallback));
    }

    /** Starts a slow pipeline, stops it with SIGTERM once tasks run, and returns its exit code and console. */
    private Outcome terminated(String name, boolean plugin) throws Exception {
        Path launch = dir.resolve(name);
        String slow = """
                process S {
                  input: val i
                  output: stdout
                  script: "sleep 30; echo ${i}"
                }
                workflow { S(Channel.of(1, 2, 3, 4)) }
                """;
        if (plugin) {
            NextflowRun.prepare(launch, slow, "");
        } else {
            NextflowRun.prepareWithoutPlugin(launch, slow);
        }
        Process p = NextflowRun.start(launch, Map.of());
        StringBuilder console = new StringBuilder();
        try (var reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            boolean stopped = false;
            while ((line = reader.readLine()) != null) {
                console.append(line).append('\n');
                if (!stopped && line.contains("Submitted process")) {
                    // SIGTERM, as a scheduler or Ctrl-C sends it (Process.destroy would also close our end of the
                    // pipes).
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                            .start()
                            .waitFor();
                    stopped = true;
                }
            }
        }
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), console.toString());
        return new Outcome(p.exitValue(), Map.of(), console.toString(), launch);
    }

    @Test
    void sigtermDuringTheRunEndsItAsWithoutProvHooksAndStillWritesTheDocument() throws Exception {
        Outcome plain = terminated("sigterm-plain", false);
        Outcome traced = terminated("sigterm-traced", true);
        assertEquals(plain.exit(), traced.exit(), traced.console());
        noStackTrace(traced);
        Path doc = document(traced);
        assertEquals(List.of(), Validator.validate(doc));
        String status =
                String.valueOf(org.provhooks.core.json.ProvJsonReader.read(doc)
                        .records(org.provhooks.core.model.RecordKind.ACTIVITY)
                        .stream()
                        .filter(a -> a.id().local().equals("workflow"))
                        .findFirst()
                        .orElseThrow()
                        .attributes()
                        .first(org.provhooks.core.workflow.Vocab.STATUS)
                        .lexical());
        assertTrue(status.equals("Failed") || status.equals("Aborted"), status);
    }
}
