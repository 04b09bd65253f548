package org.provhooks.core.session;

/**
 * One place a finished run goes: a PROV-JSON file, a yProv server, an RO-Crate, a report. One verb, in the
 * spirit of the OpenLineage client's {@code Transport.emit}: the {@link RunSession} hands every output the same
 * {@link FinishedRun}; an output that throws is reported once and never stops the others or the workflow.
 *
 * <pre>{@code
 * RunOutput listing = new RunOutput() {
 *     public String name() { return "listing"; }
 *     public String emit(FinishedRun run) {
 *         return "listed " + run.tasks() + " tasks of " + run.label();
 *     }
 * };
 * }</pre>
 */
public interface RunOutput extends AutoCloseable {
    /** The name users choose it by, e.g. {@code prov}. */
    String name();

    /**
     * Delivers the finished run.
     *
     * @return what was done, for the run's one summary line (e.g. {@code wrote provenance/run.prov.json})
     * @throws Exception when the output could not be delivered; the session warns once and goes on
     */
    String emit(FinishedRun run) throws Exception;

    /** Releases what the output holds (threads, connections); what could not be delivered stays where it was kept. */
    @Override
    default void close() {}
}
