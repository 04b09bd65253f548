package org.provhooks.core.sink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an adapter calls at the end of a workflow: hand each document to every sink, wait for the server at
 * most {@code waitAtEnd} (default 30 s), and say in one line where things are. Problems become warnings;
 * nothing is thrown at the workflow.
 *
 * <pre>{@code
 * try (Publisher p = Publisher.create(Path.of("provenance"), Map.of(), System.getenv(), log::warn)) {
 *     p.publish(ProvDocument.of(runName, doc));
 *     log.info(p.finish());   // "provenance: wrote provenance/happy_turing.prov.json; yProv: sent 1, pending 0, failed 0"
 * }
 * }</pre>
 */
public final class Publisher implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final CompositeSink sinks;
    private final Duration waitAtEnd;
    private final Consumer<String> warn;
    private final List<Path> written = new ArrayList<>();
    private int queued;

    public Publisher(CompositeSink sinks, Duration waitAtEnd, Consumer<String> warn) {
        this.sinks = sinks;
        this.waitAtEnd = waitAtEnd;
        this.warn = warn;
    }

    /** Sinks from the configuration and environment (see {@link Sinks#create}), waiting {@link #DEFAULT_WAIT}. */
    public static Publisher create(Path outputDir, Map<String, String> explicit, Map<String, String> env, Consumer<String> warn) {
        return new Publisher(Sinks.create(outputDir, explicit, env, warn), DEFAULT_WAIT, warn);
    }

    public Publisher withWait(Duration wait) {
        return new Publisher(sinks, wait, warn);
    }

    /** Whether a yProv server is configured. */
    public boolean pushes() {
        return sinks.sinks().stream().anyMatch(s -> s instanceof YProvSink);
    }

    /** Hands a document to every sink; failures are reported to the warning consumer. */
    public synchronized void publish(ProvDocument doc) {
        for (Delivery d : sinks.submitAll(doc)) {
            switch (d.status()) {
                case WRITTEN -> written.add(d.path());
                case QUEUED -> queued++;
                case FAILED -> warn.accept("provenance " + d.sink() + ": " + d.message());
                default -> {
                }
            }
        }
    }

    /** Waits for the server at most the configured time and returns the one-line summary. */
    public synchronized String finish() {
        StringBuilder sb = new StringBuilder("provenance: ");
        sb.append(written.isEmpty() ? "no file written" : "wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
        if (pushes()) {
            DeliveryReport r = sinks.flush(waitAtEnd);
            sb.append("; yProv: ").append(r.summary());
            if (r.note() != null) {
                sb.append(" (").append(r.note()).append(')');
            }
        } else if (queued > 0) {
            sb.append("; ").append(queued).append(" queued");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        sinks.close();
    }
}
