package org.provhooks.core.session;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.provhooks.core.sink.Delivery;
import org.provhooks.core.sink.DeliveryReport;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.sink.YProvSink;
import org.provhooks.core.yprov.YProvApi;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvConfigException;

/**
 * The {@code yprov} output: the workflow document <em>and every yProv4ML run document it links</em> go to the
 * yProv server through the durable outbox, so a server reference in the workflow document never dangles. The
 * end of the run waits for the server at most {@link RunSettings#pushWait()}; what is not confirmed by then stays
 * in the outbox and is sent by the next process that opens it ({@code provhooks push} or the next run).
 *
 * <!-- given: RunSettings settings, FinishedRun run -->
 * <pre>{@code
 * try (YProvOutput out = YProvOutput.open(settings, System.err::println)) {
 *     System.out.println(out.emit(run));   // "yProv: sent 2, pending 0, failed 0"
 * }
 * }</pre>
 */
public final class YProvOutput implements RunOutput {
    private final YProvSink sink;
    private final Duration wait;

    private YProvOutput(YProvSink sink, Duration wait) {
        this.sink = sink;
        this.wait = wait;
    }

    /**
     * Opens the outbox and starts its worker (which also sends what earlier runs left behind).
     *
     * @throws YProvConfigException (one line) when the URL is malformed or credentials are missing
     * @throws IOException when the outbox directory cannot be used
     */
    public static YProvOutput open(RunSettings settings, Consumer<String> warn)
            throws YProvConfigException, IOException {
        RunSettings.Push p = settings.push();
        YProvConfig cfg = YProvConfig.configured(p.url(), p.user(), p.password(), p.token())
                .withApi(YProvApi.parse(p.api()));
        return new YProvOutput(YProvSink.open(cfg, settings.outbox(), RetryPolicy.DEFAULT, warn), settings.pushWait());
    }

    @Override
    public String name() {
        return Outputs.YPROV;
    }

    @Override
    public String emit(FinishedRun run) throws IOException {
        List<String> refused = new ArrayList<>();
        // Run documents first: on yProvStore the workflow document names their PIDs, so they must arrive before it.
        List<ProvDocument> all = new ArrayList<>(run.mlRunDocuments());
        all.add(run.workflowDocument());
        for (ProvDocument d : all) {
            Delivery r = sink.submit(d);
            if (r.status() == Delivery.Status.FAILED) {
                refused.add(r.message());
            }
        }
        if (refused.size() == all.size()) {
            throw new IOException(String.join("; ", refused));
        }
        DeliveryReport r = sink.flush(wait);
        StringBuilder sb = new StringBuilder(sink.onStore() ? "yProvStore" : "yProv")
                .append(": ")
                .append(r.summary());
        String where = sink.whereIs(run.workflowDocument().id());
        if (where != null) {
            sb.append("; workflow document at ").append(where);
        }
        if (r.note() != null) {
            sb.append(" (").append(r.note()).append(')');
        }
        if (!refused.isEmpty()) {
            sb.append(" (not queued: ").append(String.join("; ", refused)).append(')');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        sink.close();
    }
}
