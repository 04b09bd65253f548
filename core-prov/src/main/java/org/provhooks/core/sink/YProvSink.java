package org.provhooks.core.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvException;

/**
 * Pushes documents to a yProv server through a durable {@link Outbox}: {@link #submit} only spools (fast, on
 * the workflow's thread); a background worker replaces the server document (DELETE then PUT, so re-pushing a
 * run never mixes content).
 *
 * <!-- given: YProvConfig config, String home | import org.provhooks.core.yprov.YProvConfig -->
 * <pre>{@code
 * YProvSink sink = YProvSink.open(new YProvClient(config), Path.of(home, ".provhooks/outbox"), RetryPolicy.DEFAULT, System.err::println);
 * }</pre>
 */
public final class YProvSink implements Sink {
    private final Outbox outbox;
    private final YProvClient client;

    private YProvSink(YProvClient client, Outbox outbox) {
        this.client = client;
        this.outbox = outbox;
    }

    /** Opens the outbox, starts its worker (which also sends what earlier runs left) and returns the sink. */
    public static YProvSink open(
            YProvClient client, java.nio.file.Path outboxDir, RetryPolicy policy, Consumer<String> warn)
            throws IOException {
        Outbox o = Outbox.open(outboxDir, client::replace, policy, warn);
        o.start();
        return new YProvSink(client, o);
    }

    public Outbox outbox() {
        return outbox;
    }

    public YProvClient client() {
        return client;
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
