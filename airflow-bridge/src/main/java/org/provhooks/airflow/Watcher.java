package org.provhooks.airflow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.provhooks.airflow.client.api.DagRunApi;
import org.provhooks.airflow.client.model.DAGRunCollectionResponse;
import org.provhooks.airflow.client.model.DAGRunResponse;

/**
 * Polls a DAG for runs that finished (success or failed) since the checkpoint and collects each once, oldest
 * first, at most {@code maxPerPoll} per poll (a bounded rate on Airflow). A run that cannot be collected stops
 * the poll there, so nothing after it is skipped; the next poll tries it again.
 */
final class Watcher {
    private final AirflowConnection af;
    private final RunCollector collector;
    private final String dagId;
    private final Checkpoint checkpoint;
    private final DagRunOutput output;
    private final int maxPerPoll;
    private final Consumer<String> log;
    private volatile boolean stopping;

    Watcher(
            AirflowConnection af,
            RunCollector collector,
            String dagId,
            Path checkpointFile,
            Instant initialSince,
            DagRunOutput output,
            int maxPerPoll,
            Consumer<String> log)
            throws IOException {
        this.af = af;
        this.collector = collector;
        this.dagId = dagId;
        this.checkpoint = Checkpoint.load(checkpointFile, initialSince);
        this.output = output;
        this.maxPerPoll = maxPerPoll;
        this.log = log;
    }

    /** One poll; returns how many runs were collected. */
    int pollOnce() throws AirflowException {
        List<DAGRunResponse> finished = finishedSince(checkpoint.since());
        int collected = 0;
        for (DAGRunResponse run : finished) {
            if (stopping || collected >= maxPerPoll) {
                break;
            }
            Instant end = run.getEndDate().toInstant();
            String id = dagId.equals("~") ? run.getDagId() + "/" + run.getDagRunId() : run.getDagRunId();
            if (checkpoint.isDone(id, end)) {
                continue;
            }
            // With "~" (every DAG) each run names its own DAG.
            String runDag = dagId.equals("~") ? run.getDagId() : dagId;
            try {
                output.write(runDag, run.getDagRunId(), s -> collector.collect(runDag, run.getDagRunId(), Map.of(), s));
                checkpoint.done(id, end);
                collected++;
                log.accept("collected " + runDag + " / " + run.getDagRunId() + " ("
                        + run.getState().getValue() + ")");
            } catch (Exception e) {
                log.accept("could not collect " + runDag + " / " + run.getDagRunId() + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()) + "; will retry on the next poll");
                break;
            }
        }
        return collected;
    }

    /** Polls every {@code interval} until {@link #stop()}; Airflow being down is logged and retried. */
    void run(Duration interval) {
        while (!stopping) {
            try {
                pollOnce();
            } catch (AirflowException e) {
                log.accept(e.getMessage() + "; retrying in " + interval.toSeconds() + " s");
            }
            long until = System.nanoTime() + interval.toNanos();
            while (!stopping && System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Asks the loop to stop after the run being collected (for SIGTERM). */
    void stop() {
        stopping = true;
    }

    private List<DAGRunResponse> finishedSince(Instant since) throws AirflowException {
        List<DAGRunResponse> all = new ArrayList<>();
        OffsetDateTime from = since.atOffset(ZoneOffset.UTC);
        for (int offset = 0; ; offset += RunCollector.PAGE) {
            int off = offset;
            DAGRunCollectionResponse page = af.call(() -> new DagRunApi(af.client())
                    .getDagRuns(dagId, RunCollector.PAGE, off, from, "end_date", List.of("success", "failed")));
            List<DAGRunResponse> runs = page.getDagRuns() == null ? List.of() : page.getDagRuns();
            all.addAll(runs);
            if (runs.size() < RunCollector.PAGE) {
                break;
            }
        }
        all.removeIf(r -> r.getEndDate() == null || r.getDagRunId() == null);
        all.sort(Comparator.comparing((DAGRunResponse r) -> r.getEndDate().toInstant())
                .thenComparing(DAGRunResponse::getDagId)
                .thenComparing(DAGRunResponse::getDagRunId));
        return all;
    }
}
