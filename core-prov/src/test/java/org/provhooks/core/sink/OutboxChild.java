package org.provhooks.core.sink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;

/**
 * A second process sharing an outbox: spools documents from several threads, delivers while it holds the outbox lock,
 * and exits. Arguments: outbox dir, server URL, id prefix, threads, documents per thread.
 */
public final class OutboxChild {
    private OutboxChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        YProvConfig cfg = YProvConfig.of(args[1], "jdoe", "s3cret", null);
        String prefix = args[2];
        int threads = Integer.parseInt(args[3]);
        int perThread = Integer.parseInt(args[4]);
        try (Outbox box =
                Outbox.open(dir, new YProvClient(cfg)::replace, OutboxConcurrencyTest.FAST, System.err::println)) {
            box.start();
            OutboxConcurrencyTest.spool(box, prefix, threads, perThread);
            box.awaitDelivery(Duration.ofSeconds(5));
        }
    }

    static List<String> ids(String prefix, int threads, int perThread) {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                ids.add(prefix + "-" + t + "-" + i);
            }
        }
        return ids;
    }
}
