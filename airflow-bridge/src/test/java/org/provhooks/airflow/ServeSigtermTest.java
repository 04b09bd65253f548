package org.provhooks.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.validate.Validator;

/** {@code serve} stopped with SIGTERM writes the run it was still receiving, as it stands: nothing received is lost. */
class ServeSigtermTest {
    @TempDir
    Path dir;

    @Test
    void sigtermWritesTheRunsStillOpen() throws Exception {
        Path out = dir.resolve("prov");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AirflowBridgeCli.class.getName(),
                        "serve",
                        "--port",
                        "0",
                        "--out",
                        out.toString())
                .redirectErrorStream(true);
        pb.environment().put("PROVHOOKS_BRIDGE_TOKEN", "t0k3n-for-test");
        pb.environment().put("PROVHOOKS_OUTBOX", dir.resolve("outbox").toString());
        Process p = pb.start();
        StringBuilder console = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            console.append(line).append('\n');
            Matcher m = Pattern.compile("listening on (http://[^ ]+) ").matcher(String.valueOf(line));
            assertTrue(m.find(), console.toString());
            HttpResponse<String> accepted = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + "/callbacks"))
                                    .header("Authorization", "Bearer t0k3n-for-test")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"event\": \"task_success\", \"dag_id\": \"etl\", \"run_id\": \"r9\","
                                                            + " \"task_id\": \"extract\", \"state\": \"success\","
                                                            + " \"start_date\": \"2025-01-01T10:00:00Z\", \"end_date\": \"2025-01-01T10:00:05Z\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(202, accepted.statusCode(), accepted.body());
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            while ((line = r.readLine()) != null) {
                console.append(line).append('\n');
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), console.toString());
        assertTrue(console.toString().contains("has not ended; writing it from its events"), console.toString());
        try (Stream<Path> files = Files.list(out)) {
            List<Path> docs =
                    files.filter(f -> f.toString().endsWith(".prov.json")).toList();
            assertEquals(1, docs.size(), console.toString());
            assertEquals(List.of(), Validator.validate(docs.get(0)));
        }
    }
}
