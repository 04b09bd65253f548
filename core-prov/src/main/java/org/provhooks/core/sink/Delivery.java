package org.provhooks.core.sink;

import java.nio.file.Path;

/**
 * What a sink did with one document, right away: written to a file, queued for a server, skipped, or failed.
 * Sinks report instead of throwing, so a provenance problem never reaches the user's workflow.
 *
 * @param sink    the sink's name
 * @param status  what happened
 * @param path    the file written or spooled, if any
 * @param message a one-line explanation for {@code FAILED} or {@code SKIPPED}
 */
public record Delivery(String sink, Status status, Path path, String message) {
    /** Outcome of a submission. */
    public enum Status {
        WRITTEN,
        QUEUED,
        SKIPPED,
        FAILED
    }

    public static Delivery written(String sink, Path path) {
        return new Delivery(sink, Status.WRITTEN, path, null);
    }

    public static Delivery queued(String sink, Path path) {
        return new Delivery(sink, Status.QUEUED, path, null);
    }

    public static Delivery skipped(String sink, String why) {
        return new Delivery(sink, Status.SKIPPED, null, why);
    }

    public static Delivery failed(String sink, String message) {
        return new Delivery(sink, Status.FAILED, null, message);
    }
}
