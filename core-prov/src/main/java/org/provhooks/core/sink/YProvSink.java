package org.provhooks.core.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvException;

/**
 * Pushes documents to a yProv server through a durable {@link Outbox}: {@link #submit} only spools (fast, on
 * the workflow's thread); a background worker delivers them ({@link YProvDeliverer}): on the v0 service it replaces the
 * server document (DELETE then PUT, so re-pushing a run never mixes content); on yProvStore it uploads a new
 * document, or the next version of the run's lineage.
 *
 * <!-- given: YProvConfig config, String home | import org.provhooks.core.yprov.YProvConfig -->
 * <pre>{@code
 * YProvSink sink = YProvSink.open(config, Path.of(home, ".provhooks/outbox"), RetryPolicy.DEFAULT, System.err::println);
 * }</pre>
 */
public final class YProvSink implements Sink {
    private final Outbox outbox;
    private final YProvDeliverer deliverer;

    private YProvSink(Outbox outbox, YProvDeliverer deliverer) {
        this.outbox = outbox;
        this.deliverer = deliverer;
    }

    /**
     * Opens the outbox for the server of {@code config} (v0 or yProvStore, as configured or detected), starts its
     * worker (which also sends what earlier runs left) and returns the sink.
     */
    public static YProvSink open(
            YProvConfig config, java.nio.file.Path outboxDir, RetryPolicy policy, Consumer<String> warn)
            throws IOException {
        YProvDeliverer d = new YProvDeliverer(config, outboxDir, warn);
        Outbox o = Outbox.open(outboxDir, d, policy, warn);
        o.start();
        return new YProvSink(o, d);
    }

    /** A sink for the v0 service through {@code client} (its timeouts and token as given). */
    public static YProvSink open(
            YProvClient client, java.nio.file.Path outboxDir, RetryPolicy policy, Consumer<String> warn)
            throws IOException {
        Outbox o = Outbox.open(outboxDir, client::replace, policy, warn);
        o.start();
        return new YProvSink(o, null);
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Where a delivered document went on yProvStore ({@code pid … (version n)}), or null. */
    public String whereIs(String documentId) {
        return deliverer == null ? null : deliverer.whereIs(documentId);
    }

    /** Whether it delivers to yProvStore (known once the first delivery asked the server). */
    public boolean onStore() {
        return deliverer != null && deliverer.knownApi() == org.provhooks.core.yprov.YProvApi.STORE;
    }

    @Override
    public String name() {
        return "yprov";
    }

    @Override
    public Delivery submit(ProvDocument doc) {
        try {
            YProvClient.checkId(doc.id());
            return Delivery.queued(
                    name(),
                    doc.body() != null ? outbox.enqueue(doc.id(), doc.body()) : outbox.enqueue(doc.id(), doc.file()));
        } catch (YProvException e) {
            return Delivery.failed(name(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Delivery.failed(
                    name(),
                    "cannot spool " + doc.id() + " into " + outbox.pendingDirectory() + ": " + FileSink.describe(e));
        }
    }

    @Override
    public DeliveryReport flush(Duration timeout) {
        return outbox.awaitDelivery(timeout);
    }

    @Override
    public void close() {
        outbox.close();
    }
}
