package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RunVerdictTest {
    private static final OffsetDateTime START = OffsetDateTime.of(2026, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final Instant NOW = START.toInstant().plusSeconds(60);

    private static RunVerdict.Facts facts(
            boolean exiting,
            boolean meta,
            boolean session,
            boolean failOnIgnore,
            boolean aborted,
            Integer exit,
            String errorMessage,
            String sessionError) {
        return new RunVerdict.Facts(
                exiting,
                meta,
                session,
                failOnIgnore,
                aborted,
                exit,
                errorMessage,
                sessionError,
                START,
                exiting ? null : START.plusSeconds(30),
                exiting ? null : Duration.ofSeconds(30));
    }

    @Test
    void aSuccessfulRunIsCompleted() {
        RunVerdict v = RunVerdict.decide(facts(false, true, true, false, false, 0, null, null), NOW);
        assertEquals("Completed", v.status());
        assertTrue(v.success());
        assertEquals(0, v.exitStatus());
        assertEquals(30_000L, v.durationMs());
    }

    @Test
    void failOnIgnoreMakesASuccessfulLookingRunFailWithExitOne() {
        RunVerdict v = RunVerdict.decide(facts(false, true, false, true, false, 0, null, null), NOW);
        assertEquals("Failed", v.status());
        assertFalse(v.success());
        assertEquals(1, v.exitStatus());
        assertTrue(v.error().contains("failOnIgnore"), v.error());
    }

    @Test
    void aFailedTaskKeepsNextflowsExitStatusAndMessage() {
        RunVerdict v = RunVerdict.decide(facts(false, false, false, false, true, 7, "disk on fire", null), NOW);
        assertEquals("Failed", v.status());
        assertEquals(7, v.exitStatus());
        assertEquals("disk on fire", v.error());
    }

    @Test
    void anAbortWithoutCompletionIsFailedWithTheSessionsError() {
        RunVerdict v =
                RunVerdict.decide(facts(true, false, false, false, true, null, null, "No such variable: x"), NOW);
        assertEquals("Failed", v.status());
        assertEquals(1, v.exitStatus());
        assertEquals("No such variable: x", v.error());
        assertEquals(NOW, v.end());
        assertEquals(60_000L, v.durationMs());
    }

    @Test
    void anExitWithNoErrorIsAborted() {
        RunVerdict v = RunVerdict.decide(facts(true, false, true, false, false, null, null, null), NOW);
        assertEquals("Aborted", v.status());
        assertFalse(v.success());
        assertTrue(v.error().contains("stopped or killed"), v.error());
    }
}
