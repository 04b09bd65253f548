package org.provhooks.core.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Several sinks as one: each document goes to every sink in order; one sink's failure never stops the others.
 *
 * <pre>{@code
 * Sink sink = new CompositeSink(List.of(new FileSink(dir), yprovSink));
 * }</pre>
 */
public final class CompositeSink implements Sink {
    private final List<Sink> sinks;

    public CompositeSink(List<Sink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    public List<Sink> sinks() {
        return sinks;
    }

    @Override
    public String name() {
        return "composite";
    }

    @Override
    public Delivery submit(ProvDocument document) {
        return submitAll(document).get(0);
    }

    /** Submits to every sink and returns each one's outcome. */
    public List<Delivery> submitAll(ProvDocument document) {
        List<Delivery> out = new ArrayList<>();
        for (Sink s : sinks) {
            try {
                out.add(s.submit(document));
            } catch (RuntimeException e) {
                out.add(Delivery.failed(s.name(), FileSink.describe(e)));
            }
        }
        return out;
    }

    @Override
    public DeliveryReport flush(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        DeliveryReport r = DeliveryReport.NOTHING;
        for (Sink s : sinks) {
            Duration left = Duration.between(Instant.now(), deadline);
            r = r.plus(s.flush(left.isNegative() ? Duration.ZERO : left));
        }
        return r;
    }

    @Override
    public void close() {
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing one sink must not keep the others open
            }
        }
    }
}
