package org.provhooks.beam;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/**
 * The delegate's result for a run still going when {@code run} returned: writes the provenance document
 * once, when {@code waitUntilFinish} sees a terminal state (or the wait throws, for a failed run).
 */
final class ProvenanceResult implements PipelineResult {
    private final PipelineResult delegate;
    private final BiConsumer<PipelineResult, Throwable> onEnd;
    private final AtomicBoolean written = new AtomicBoolean();

    ProvenanceResult(PipelineResult delegate, BiConsumer<PipelineResult, Throwable> onEnd) {
        this.delegate = delegate;
        this.onEnd = onEnd;
    }

    @Override
    public State getState() {
        return delegate.getState();
    }

    @Override
    public State cancel() throws IOException {
        return delegate.cancel();
    }

    @Override
    public State waitUntilFinish(Duration duration) {
        try {
            return ended(delegate.waitUntilFinish(duration));
        } catch (RuntimeException | Error e) {
            end(e);
            throw e;
        }
    }

    @Override
    public State waitUntilFinish() {
        try {
            return ended(delegate.waitUntilFinish());
        } catch (RuntimeException | Error e) {
            end(e);
            throw e;
        }
    }

    private State ended(State s) {
        if (s != null && s.isTerminal()) {
            end(null);
        }
        return s;
    }

    private void end(Throwable error) {
        if (written.compareAndSet(false, true)) {
            onEnd.accept(delegate, error); // a failed run's result still has the metrics counted before it failed
        }
    }

    @Override
    public MetricResults metrics() {
        return delegate.metrics();
    }

    /** The wrapped runner's own result (e.g. to reach runner-specific methods). */
    public PipelineResult delegate() {
        return delegate;
    }
}
