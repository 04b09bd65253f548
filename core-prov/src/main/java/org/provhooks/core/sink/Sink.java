package org.provhooks.core.sink;

import java.time.Duration;

/**
 * Where a document is delivered: a directory ({@link FileSink}) or a yProv server through the outbox
 * ({@link YProvSink}). The run session's outputs use them; none talks HTTP itself. Implementations never throw
 * for delivery problems: they report them in the returned {@link Delivery} and keep what they could not send.
 *
 * <!-- given: String runName, Document doc | import org.provhooks.core.model.Document -->
 * <pre>{@code
 * try (Sink sink = new FileSink(Path.of("provenance"))) {
 *     sink.submit(ProvDocument.of(runName, doc));
 *     System.out.println(sink.flush(Duration.ofSeconds(30)).summary());
 * }
 * }</pre>
 */
public interface Sink extends AutoCloseable {
    /** A short name for messages, e.g. {@code file} or {@code yprov}. */
    String name();

    /** Takes a document; returns at once (server deliveries continue in the background). */
    Delivery submit(ProvDocument document);

    /** Waits at most {@code timeout} for outstanding deliveries and tells where they stand. */
    default DeliveryReport flush(Duration timeout) {
        return DeliveryReport.NOTHING;
    }

    /** Stops background work; undelivered documents stay in the outbox. */
    @Override
    default void close() {}
}
