package org.provhooks.core.workflow;

import java.time.Instant;

/**
 * A task that has just begun, as an adapter reports it to the {@code RunSession} (for outputs that follow the run
 * live, such as OpenLineage). The same {@code key} comes back in the task's {@link TaskActivity} when it ends.
 *
 * <!-- given: Instant now -->
 * <pre>{@code
 * TaskStart s = new TaskStart("3", "TRAIN (1)", "TRAIN", now);
 * }</pre>
 *
 * @param key   the task's key, as in its {@link TaskActivity}
 * @param label its human name, e.g. {@code TRAIN (1)}
 * @param tool  what it runs: the Nextflow process, Beam transform or Airflow task id
 * @param start when it began
 */
public record TaskStart(String key, String label, String tool, Instant start) {}
