package org.provhooks.airflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.session.RunSettings;

/** Tests' way to record a DAG run as the bridge does (a session, the PROV-JSON file output) and read back what was written. */
final class RecordedRuns {
    private RecordedRuns() {}

    /** Sessions writing PROV-JSON files only (no push, no telemetry) into {@code dir}. */
    static DagRunOutput files(Path dir) {
        RunSettings settings = RunSettings.builder(dir)
                .outputs(List.of("prov"))
                .telemetry(false)
                .pushWhenConfigured(false)
                .outbox(dir.resolve("outbox"))
                .resolve(Map.of(), w -> {
                    throw new AssertionError(w);
                });
        return DagRunOutput.sessions(settings, Map.of(), line -> {}, w -> System.err.println("warning: " + w));
    }

    /** Records one run through {@link #files} into a fresh directory under {@code dir} and reads the document back. */
    static Document record(Path dir, String dagId, String runId, DagRunOutput.Fill fill) throws Exception {
        Path out = Files.createTempDirectory(dir, "run");
        files(out).write(dagId, runId, fill);
        return read(out);
    }

    /** The one document in {@code dir}. */
    static Document read(Path dir) {
        try (var s = Files.list(dir)) {
            Path f = s.filter(p -> p.getFileName().toString().endsWith(".prov.json"))
                    .findFirst()
                    .orElseThrow();
            return ProvJsonReader.read(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
