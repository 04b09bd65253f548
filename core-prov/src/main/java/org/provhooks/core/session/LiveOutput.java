package org.provhooks.core.session;

import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.workflow.TaskActivity;
import org.provhooks.core.workflow.TaskStart;
import org.provhooks.core.workflow.WorkflowRecorder;

/**
 * A {@link RunOutput} that also follows the run while it happens (OpenLineage events, a live view), besides receiving
 * the finished run in {@link #emit}. The {@link RunSession} calls these on the workflow's own threads: an implementation
 * only hands the event on (a bounded queue) and never blocks or throws.
 *
 * <!-- given: java.util.List<String> events -->
 * <pre>{@code
 * LiveOutput log = new LiveOutput() {
 *     public String name() { return "log"; }
 *     public void runStarted(RunStart start, WorkflowRecorder recorder) { events.add("start " + start.runId()); }
 *     public void taskStarted(TaskStart task) { events.add("task " + task.key() + " started"); }
 *     public void taskFinished(TaskActivity task) { events.add("task " + task.key() + " " + task.status()); }
 *     public String emit(FinishedRun run) { return "logged " + events.size() + " events"; }
 * };
 * }</pre>
 */
public interface LiveOutput extends RunOutput {
    /**
     * The run began (called when the session opens). {@code recorder} is the run's recorder, for what adapters set on it
     * later (engine version, workflow attributes); read it, never write to it.
     */
    default void runStarted(RunStart start, WorkflowRecorder recorder) {}

    /** A task began, for engines that report starts (Nextflow); others report tasks when they finish. */
    default void taskStarted(TaskStart task) {}

    /** A task ended (completed, failed, cached) and was recorded. */
    default void taskFinished(TaskActivity task) {}

    /** A yProv4ML run document was linked to a task, usually just after {@link #taskFinished}. */
    default void mlRunLinked(String taskKey, MlRunLink link) {}
}
