package org.provhooks.airflow;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.provhooks.core.sink.RetryPolicy;

/**
 * Fuzzes what {@code serve} reads from the network: callback bodies and OpenLineage RunEvents. Whatever arrives is
 * accepted or answered with one line saying what is wrong; nothing throws. The regression corpus runs in
 * {@code ./mvnw verify}; to fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl airflow-bridge test -Dtest=EventBodiesFuzzTest#lineage}.
 */
class EventBodiesFuzzTest {
    private static final EventAggregator EVENTS = new EventAggregator(
            null,
            null,
            (dag, run, fill) -> {},
            line -> {},
            new EventAggregator.Limits(
                    new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1),
                    100,
                    Duration.ofMinutes(1),
                    Duration.ZERO));

    @FuzzTest(maxDuration = "2m")
    void callback(byte[] input) {
        oneLine(EventBodies.callback(new String(input, StandardCharsets.UTF_8), EVENTS));
    }

    @FuzzTest(maxDuration = "2m")
    void lineage(byte[] input) {
        oneLine(EventBodies.lineage(new String(input, StandardCharsets.UTF_8), EVENTS));
    }

    private static void oneLine(String problem) {
        if (problem != null) {
            assertFalse(problem.contains("\n"), problem);
        }
    }
}
