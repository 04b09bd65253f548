package org.provhooks.nextflow;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import nextflow.Session;
import nextflow.script.WorkflowMetadata;

/**
 * How a Nextflow run ended, decided the way Nextflow decides its own exit: the session's verdict
 * ({@code Session.isSuccess()}: not aborted, not cancelled, and no ignored failure under
 * {@code workflow.failOnIgnore}) over the metadata's, which says success for a run that exits 1 because of
 * {@code failOnIgnore}.
 */
record RunVerdict(String status, boolean success, Integer exitStatus, String error, Long durationMs, Instant end) {

    /** What the verdict is made of, read from the session (a plain record so the rules are unit-tested). */
    record Facts(
            boolean exiting,
            boolean metadataSuccess,
            boolean sessionSuccess,
            boolean failOnIgnore,
            boolean aborted,
            Integer exitStatus,
            String errorMessage,
            String sessionError,
            OffsetDateTime start,
            OffsetDateTime complete,
            Duration duration) {}

    static RunVerdict of(Session session, boolean exiting) {
        WorkflowMetadata meta = session.getWorkflowMetadata();
        Throwable error = session.getError();
        return decide(
                new Facts(
                        exiting,
                        meta != null && meta.isSuccess(),
                        session.isSuccess(),
                        session.failOnIgnore(),
                        session.isAborted(),
                        meta == null ? null : meta.getExitStatus(),
                        meta == null ? null : meta.getErrorMessage(),
                        error == null ? null : error.getMessage() == null ? error.toString() : error.getMessage(),
                        meta == null ? null : meta.getStart(),
                        meta == null ? null : meta.getComplete(),
                        meta == null || meta.getDuration() == null
                                ? null
                                : Duration.ofMillis(meta.getDuration().toMillis())),
                Instant.now());
    }

    static RunVerdict decide(Facts f, Instant now) {
        if (f.exiting()) {
            // No onFlowComplete: a script error aborted the run, or the JVM was stopped (SIGTERM, System.exit).
            String error = f.sessionError() != null
                    ? f.sessionError()
                    : "the run ended before Nextflow reported its completion (stopped or killed)";
            String status = f.aborted() || f.sessionError() != null ? "Failed" : "Aborted";
            return new RunVerdict(status, false, f.aborted() ? 1 : null, error, sinceStart(f.start(), now), now);
        }
        boolean success = f.metadataSuccess() && f.sessionSuccess();
        Integer exit = f.exitStatus();
        String error = f.errorMessage();
        if (!success) {
            if (exit == null || exit == 0) {
                exit = 1; // what Nextflow exits with when the session is not successful
            }
            if (error == null || error.isBlank()) {
                error = f.failOnIgnore()
                        ? "a task failed and its error was ignored, but workflow.failOnIgnore is true"
                        : f.sessionError();
            }
        }
        Instant end = f.complete() == null ? now : f.complete().toInstant();
        Long duration = f.duration() == null
                ? sinceStart(f.start(), end)
                : Long.valueOf(f.duration().toMillis());
        return new RunVerdict(success ? "Completed" : "Failed", success, exit, error, duration, end);
    }

    private static Long sinceStart(OffsetDateTime start, Instant end) {
        return start == null ? null : Duration.between(start.toInstant(), end).toMillis();
    }
}
