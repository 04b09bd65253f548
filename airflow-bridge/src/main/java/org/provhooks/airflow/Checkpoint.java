package org.provhooks.airflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.provhooks.core.util.AtomicFiles;

/**
 * Where {@code watch} is for one DAG, on disk: the end time of the last run collected, and the ids of the runs
 * already collected that ended at exactly that time (several runs can end in the same instant). Written
 * atomically after each run, so a crash loses nothing and repeats at most the run in progress.
 */
final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private Instant since;
    private final Set<String> doneAtSince = new TreeSet<>();

    private Checkpoint(Path file, Instant since) {
        this.file = file;
        this.since = since;
    }

    static Checkpoint load(Path file, Instant initial) throws IOException {
        Checkpoint c = new Checkpoint(file, initial);
        if (Files.exists(file)) {
            ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
            c.since = Instant.parse(n.path("since").asText());
            n.path("done").forEach(id -> c.doneAtSince.add(id.asText()));
        }
        return c;
    }

    Instant since() {
        return since;
    }

    /** Whether a run that ended at {@code end} was collected already ({@code runId} should name the DAG too when watching all). */
    boolean isDone(String runId, Instant end) {
        return end.isBefore(since) || (end.equals(since) && doneAtSince.contains(runId));
    }

    /** Records a collected run and writes the checkpoint (temporary file, fsync, rename). */
    void done(String runId, Instant end) throws IOException {
        if (end.isAfter(since)) {
            since = end;
            doneAtSince.clear();
        }
        doneAtSince.add(runId);
        ObjectNode n = JSON.createObjectNode();
        n.put("since", since.toString());
        ArrayNode done = n.putArray("done");
        doneAtSince.forEach(done::add);
        // Serialised first: Jackson's writeValue would close the stream AtomicFiles still has to flush and sync.
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
