package org.provhooks.airflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** {@code serve} never drops a run: collections are retried, fall back to events, and memory stays bounded. */
class ServeReliabilityTest {
    static final EventAggregator.Limits FAST = new EventAggregator.Limits(
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 4),
            1000,
            Duration.ofHours(1),
            Duration.ZERO);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    WireMockServer airflow;
    final Map<String, Document> written = new ConcurrentHashMap<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        if (airflow != null) {
            airflow.stop();
        }
    }

    private EventAggregator aggregator(AirflowConnection af, EventAggregator.Limits limits) {
        return new EventAggregator(
                af,
                af == null ? null : new RunCollector(af),
                (dag, run, fill) -> written.put(dag + "/" + run, RecordedRuns.record(dir, dag, run, fill)),
                log::add,
                limits);
    }

    private static JsonNode event(String event, String run, String task) throws Exception {
        return JSON.readTree("{\"event\": \"" + event + "\", \"dag_id\": \"etl\", \"run_id\": \"" + run
                + "\", \"task_id\": \"" + task + "\", \"try_number\": 1, \"state\": \"success\","
                + " \"start_date\": \"2025-01-01T10:00:00Z\", \"end_date\": \"2025-01-01T10:00:05Z\"}");
    }

    private static String source(Document d) {
        ProvRecord wf = d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> "0".equals(String.valueOf(a.attributes().first(Vocab.LEVEL))))
                .findFirst()
                .orElseThrow();
        var s = wf.attributes().first(Vocab.ph("source"));
        return s == null ? "rest" : s.lexical();
    }

    @Test
    void aCollectionThatFailsIsRetriedWithBackoffAndThenCollectedThroughTheRestApi() throws Exception {
        airflow = AirflowFixtures.start("success");
        for (String state : List.of(Scenario.STARTED, "second")) {
            airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE))
                    .atPriority(1)
                    .inScenario("flaky")
                    .whenScenarioStateIs(state)
                    .willSetStateTo(state.equals("second") ? "up" : "second")
                    .willReturn(aResponse().withStatus(503).withBody("{\"detail\": \"scheduler restarting\"}")));
        }
        EventAggregator events =
                aggregator(AirflowConnection.open("http://localhost:" + airflow.port(), "admin", "secret"), FAST);
        events.onCallback(event("task_success", AirflowFixtures.RUN, "extract"));
        events.onCallback(event("dag_success", AirflowFixtures.RUN, ""));
        events.drain(30);

        Document d = written.get("etl/" + AirflowFixtures.RUN);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals("rest", source(d), "collected through the REST API once Airflow answered");
        assertEquals(2, log.stream().filter(l -> l.contains("retrying in")).count(), log.toString());
        airflow.verify(3, getRequestedFor(urlPathEqualTo(AirflowFixtures.BASE)));
    }

    @Test
    void afterTheLastAttemptTheRunIsWrittenFromItsEventsWithAWarning() throws Exception {
        airflow = AirflowFixtures.start("success");
        airflow.stubFor(get(urlPathEqualTo(AirflowFixtures.BASE))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("boom")));
        EventAggregator events =
                aggregator(AirflowConnection.open("http://localhost:" + airflow.port(), "admin", "secret"), FAST);
        events.onCallback(event("task_success", AirflowFixtures.RUN, "extract"));
        events.onCallback(event("dag_success", AirflowFixtures.RUN, ""));
        events.drain(30);

        Document d = written.get("etl/" + AirflowFixtures.RUN);
        assertEquals(List.of(), Validator.validate(d));
        assertEquals("events", source(d));
        assertTrue(
                log.stream().anyMatch(l -> l.contains("after 4 attempts") && l.contains("writing it from its events")),
                log.toString());
        airflow.verify(4, getRequestedFor(urlPathEqualTo(AirflowFixtures.BASE)));
    }

    @Test
    void openRunsAreCappedAndNothingIsDroppedAtShutdown() throws Exception {
        EventAggregator events =
                aggregator(null, new EventAggregator.Limits(FAST.retry(), 3, Duration.ofHours(1), Duration.ZERO));
        for (int i = 1; i <= 5; i++) {
            events.onCallback(event("task_success", "r" + i, "extract"));
        }
        events.drain(30);
        assertEquals(5, written.size(), "two written when the cap was passed, three at shutdown: " + written.keySet());
        assertEquals(
                2,
                log.stream()
                        .filter(l -> l.contains("more than 3 DAG runs open"))
                        .count(),
                log.toString());
        assertEquals(3, log.stream().filter(l -> l.contains("has not ended")).count(), log.toString());
        for (Document d : written.values()) {
            assertEquals(List.of(), Validator.validate(d));
        }
    }

    @Test
    void lateEventsOfAWrittenRunAreIgnoredNotOpenedAgain() throws Exception {
        EventAggregator events = aggregator(null, FAST);
        events.onCallback(event("task_success", "r1", "extract"));
        events.onCallback(event("dag_success", "r1", ""));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!written.containsKey("etl/r1") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        events.onCallback(event("task_success", "r1", "late"));
        events.onCallback(event("dag_success", "r1", ""));
        events.drain(30);
        assertEquals(1, written.size());
        assertFalse(log.stream().anyMatch(l -> l.contains("has not ended")), log.toString());
    }
}
