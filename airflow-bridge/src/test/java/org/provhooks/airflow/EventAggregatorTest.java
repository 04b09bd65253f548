package org.provhooks.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** The bridge's event aggregation on its own: callbacks in, one document per finished run out, no HTTP. */
class EventAggregatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static String task(String id, String state, int tryNumber, String start, String end) {
        return "{\"event\": \"task_" + state + "\", \"dag_id\": \"etl\", \"run_id\": \"r1\", \"task_id\": \"" + id
                + "\", \"map_index\": -1," + " \"try_number\": " + tryNumber + ", \"state\": \"" + state
                + "\", \"start_date\": \"" + start + "\", \"end_date\": \"" + end + "\"}";
    }

    @Test
    void outOfOrderAndRepeatedEventsMakeOneDocumentPerRunWithEveryTry() throws Exception {
        Map<String, Document> written = new ConcurrentHashMap<>();
        AtomicInteger writes = new AtomicInteger();
        EventAggregator events = new EventAggregator(
                null,
                null,
                (dag, run, fill) -> {
                    writes.incrementAndGet();
                    written.put(dag + "/" + run, RecordedRuns.record(dir, dag, run, fill));
                },
                m -> {},
                ServeReliabilityTest.FAST);
        events.onCallback(json(task("load", "success", 1, "2025-01-01T10:00:05Z", "2025-01-01T10:00:06Z")));
        events.onCallback(json(task("extract", "failed", 1, "2025-01-01T10:00:00Z", "2025-01-01T10:00:01Z")));
        events.onCallback(json(task("extract", "success", 2, "2025-01-01T10:00:02Z", "2025-01-01T10:00:04Z")));
        events.onCallback(json(task("extract", "success", 2, "2025-01-01T10:00:02Z", "2025-01-01T10:00:04Z")));
        String end = "{\"event\": \"dag_success\", \"dag_id\": \"etl\", \"run_id\": \"r1\", \"state\": \"success\","
                + " \"start_date\": \"2025-01-01T09:59:59Z\", \"end_date\": \"2025-01-01T10:00:07Z\"}";
        events.onCallback(json(end));
        events.onCallback(json(end));
        events.drain(20);

        assertEquals(1, writes.get(), "the end arriving twice is collected once");
        Document d = written.get("etl/r1");
        assertEquals(List.of(), Validator.validate(d));
        List<ProvRecord> tasks = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.TASK_RUN)))
                .toList();
        assertEquals(3, tasks.size(), "two tries of extract and one load");
        ProvRecord wf = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> "0".equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                .findFirst()
                .orElseThrow();
        assertEquals("success", wf.attributes().first(Vocab.STATUS).lexical());
        assertEquals("events", wf.attributes().first(Vocab.ph("source")).lexical());
        assertTrue(tasks.stream()
                .anyMatch(
                        t -> "failed".equals(t.attributes().first(Vocab.STATUS).lexical())));
    }
}
