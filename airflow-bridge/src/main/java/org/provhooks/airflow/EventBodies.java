package org.provhooks.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import org.provhooks.core.redact.Redactor;

/** Reads a pushed body (a callback or an OpenLineage RunEvent) and hands it to the aggregator, or says what is wrong. */
final class EventBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventBodies() {}

    /** Null when accepted, else what is wrong. */
    static String callback(String text, EventAggregator events) {
        JsonNode b;
        try {
            b = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return "malformed JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")";
        }
        if (b == null || !b.isObject()) {
            return "a callback body is a JSON object";
        }
        for (String f : new String[] {"event", "dag_id", "run_id"}) {
            if (!b.path(f).isTextual() || b.path(f).asText().isEmpty()) {
                return "callback body needs '" + f + "' (a non-empty string)";
            }
        }
        String event = b.path("event").asText();
        if (!event.startsWith("task_") && !event.startsWith("dag_")) {
            return "unknown event '" + event + "' (expected task_* or dag_*)";
        }
        if (event.startsWith("task_")
                && (!b.path("task_id").isTextual() || b.path("task_id").asText().isEmpty())) {
            return "task events need 'task_id'";
        }
        events.onCallback(b);
        return null;
    }

    /** Null when accepted, else what is wrong. */
    static String lineage(String text, EventAggregator events) {
        OpenLineage.RunEvent e;
        try {
            e = OpenLineageClientUtils.runEventFromJson(text);
        } catch (RuntimeException ex) {
            Throwable c = ex.getCause() != null ? ex.getCause() : ex;
            String m = c instanceof JsonProcessingException j ? j.getOriginalMessage() : c.getMessage();
            return "not an OpenLineage RunEvent: "
                    + Redactor.redactValue(m == null ? c.toString() : m.replace('\n', ' '));
        }
        if (e.getJob() == null
                || e.getJob().getName() == null
                || e.getRun() == null
                || e.getRun().getRunId() == null
                || e.getEventTime() == null) {
            return "an OpenLineage RunEvent needs job.name, run.runId and eventTime";
        }
        events.onLineage(e);
        return null;
    }
}
