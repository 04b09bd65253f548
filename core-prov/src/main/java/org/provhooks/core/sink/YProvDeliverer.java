package org.provhooks.core.sink;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.provhooks.core.yprov.YProvApi;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvDetector;
import org.provhooks.core.yprov.YProvException;
import org.provhooks.core.yprov.YProvStoreClient;

/**
 * The outbox's way to a yProv server, whichever it is: the v0 service (replace the document under its id) or
 * yProvStore ({@link StoreDeliverer}: PIDs, versions, linked documents). Which one is settled on the first delivery, as
 * configured or by asking the server ({@link YProvDetector}); a server that cannot be reached to ask is retried like any
 * other delivery, so nothing is lost to a server that is down when the run starts.
 *
 * <!-- given: YProvConfig config, Path outboxDir | import org.provhooks.core.sink.RetryPolicy -->
 * <pre>{@code
 * YProvDeliverer deliverer = new YProvDeliverer(config, outboxDir, System.err::println);
 * Outbox outbox = Outbox.open(outboxDir, deliverer, RetryPolicy.DEFAULT, System.err::println);
 * }</pre>
 */
public final class YProvDeliverer implements Outbox.Deliverer {
    private final YProvConfig config;
    private final Path outboxDir;
    private final Consumer<String> warn;
    private volatile YProvApi api;
    private volatile YProvClient v0;
    private volatile StoreDeliverer store;

    public YProvDeliverer(YProvConfig config, Path outboxDir, Consumer<String> warn) {
        this.config = config;
        this.outboxDir = outboxDir;
        this.warn = warn;
        this.api = config.api();
    }

    /** The server's API: as configured, or asked once (throws RETRYABLE while the server cannot be reached). */
    public synchronized YProvApi api() throws YProvException {
        if (api == null) {
            api = YProvDetector.detect(config);
        }
        return api;
    }

    /** The API if already known, else null (never asks the server). */
    public YProvApi knownApi() {
        return api;
    }

    @Override
    public void deliver(String id, Path file) throws YProvException {
        if (api() == YProvApi.STORE) {
            storeDeliverer().deliver(id, file);
        } else {
            v0Client().replace(id, file);
        }
    }

    /** The store side (its records name the PIDs delivered documents got); built on first use. */
    public synchronized StoreDeliverer storeDeliverer() {
        if (store == null) {
            store = new StoreDeliverer(new YProvStoreClient(config), outboxDir, warn);
        }
        return store;
    }

    private synchronized YProvClient v0Client() {
        if (v0 == null) {
            v0 = new YProvClient(config);
        }
        return v0;
    }

    /**
     * Where a delivered document went, in words for a summary: {@code pid 21.T1/7 (version 2)} on yProvStore, or null
     * (v0 documents keep their id; or not delivered yet).
     */
    public String whereIs(String documentId) {
        if (api != YProvApi.STORE) {
            return null;
        }
        StoreRecords.Lineage l = storeDeliverer().lineageOf(documentId);
        return l == null ? null : "pid " + l.pid() + " (version " + l.version() + ")";
    }
}
