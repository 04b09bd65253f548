package org.provhooks.beam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.validate.Validator;

/**
 * A word count on the DirectRunner while the yProv server answers 500 and a file stands where the output directory
 * should be: the pipeline's result and files are those of a plain run, the document is kept (fallback directory) and
 * waits in the outbox.
 */
class BeamFaultsTest {
    @TempDir
    Path dir;

    WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Every output line, sorted: the DirectRunner spreads words over shards differently from run to run. */
    private static List<String> lines(Path dir) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.addAll(Files.readAllLines(f));
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void aFailingServerAndABlockedOutputDirectoryChangeNothingForThePipelineAndLoseNothing() throws Exception {
        Path in = TestPipelines.input(dir);
        PipelineOptions plainOptions =
                PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();
        Files.createDirectories(dir.resolve("plain"));
        PipelineResult.State plain = TestPipelines.wordCount(plainOptions, in, dir.resolve("plain/counts"))
                .run()
                .waitUntilFinish();

        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .willReturn(aResponse().withStatus(200).withBody("{\"result\": \"tok-1\"}")));
        server.stubFor(
                any(urlMatching("/api/v0/documents/.*")).willReturn(aResponse().withStatus(500)));
        Path outbox = dir.resolve("outbox");
        Path config = dir.resolve("config.properties");
        Files.writeString(
                config,
                "yprov.url=http://localhost:" + server.port() + "\nyprov.user=jdoe\nyprov.password=s3cret\noutbox="
                        + outbox + "\npush.waitSeconds=2\n");
        Path blocked = dir.resolve("provenance");
        Files.writeString(blocked, "a file where the directory should be");
        ProvenanceOptions o = TestPipelines.options(
                dir, "--provenanceOutput=" + blocked, "--provenanceConfig=" + config, "--provenanceTelemetry=false");
        Files.createDirectories(dir.resolve("traced"));
        PipelineResult.State traced = TestPipelines.wordCount(o, in, dir.resolve("traced/counts"))
                .run()
                .waitUntilFinish();

        assertEquals(plain, traced);
        assertEquals(lines(dir.resolve("plain")), lines(dir.resolve("traced")));
        Path fallback =
                Path.of(System.getProperty("java.io.tmpdir"), "provhooks-unwritten", o.getJobName() + ".prov.json");
        try {
            assertEquals(List.of(), Validator.validate(fallback));
        } finally {
            Files.deleteIfExists(fallback);
        }
        try (Stream<Path> pending = Files.list(outbox.resolve("pending"))) {
            assertEquals(
                    1,
                    pending.filter(p -> !p.getFileName().toString().startsWith("."))
                            .count(),
                    "kept for later");
        }
    }
}
