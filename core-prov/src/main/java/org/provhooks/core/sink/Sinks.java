package org.provhooks.core.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvConfigException;

/**
 * The sinks an adapter uses, from its configuration and the environment: always a {@link FileSink}; plus a
 * {@link YProvSink} when a yProv URL is configured. A bad push configuration or an unusable outbox gives one
 * warning line and the file sink alone, so the workflow goes on.
 *
 * <pre>{@code
 * Sink sink = Sinks.create(Path.of("provenance"), Map.of("url", cfgUrl), System.getenv(), log::warn);
 * }</pre>
 */
public final class Sinks {
    /** Environment variable naming the outbox directory (default {@code ~/.provhooks/outbox}). */
    public static final String ENV_OUTBOX = "PROVHOOKS_OUTBOX";

    private Sinks() {
    }

    /**
     * @param outputDir directory of the file sink
     * @param explicit  the adapter's own settings: {@code url}, {@code user}, {@code password}, {@code token},
     *                  {@code outbox}
     * @param env       the environment ({@code PROVHOOKS_*} variables)
     * @param warn      where one-line warnings go
     */
    public static CompositeSink create(Path outputDir, Map<String, String> explicit, Map<String, String> env,
                                       Consumer<String> warn) {
        List<Sink> sinks = new ArrayList<>();
        sinks.add(new FileSink(outputDir));
        try {
            YProvConfig cfg = YProvConfig.resolve(explicit, env);
            if (cfg != null) {
                sinks.add(YProvSink.open(new YProvClient(cfg), outboxDir(explicit, env), RetryPolicy.DEFAULT, warn));
            }
        } catch (YProvConfigException | IOException e) {
            warn.accept("provenance push disabled: " + e.getMessage() + " (documents are still written to " + outputDir + ")");
        }
        return new CompositeSink(sinks);
    }

    /** The outbox directory: explicit {@code outbox}, then {@value #ENV_OUTBOX}, then {@code ~/.provhooks/outbox}. */
    public static Path outboxDir(Map<String, String> explicit, Map<String, String> env) {
        String dir = explicit.get("outbox");
        if (dir == null || dir.isBlank()) {
            dir = env.get(ENV_OUTBOX);
        }
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("user.home", "."), ".provhooks", "outbox");
        }
        return Path.of(dir);
    }
}
