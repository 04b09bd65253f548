package org.provhooks.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimesTest {
    @Test
    void theFastUtcPathReadsWhatTheFormatterReads() {
        for (String t : List.of(
                "2025-03-01T10:15:30Z",
                "2025-03-01T10:15:30.5Z",
                "2025-03-01T10:15:30.123456789Z",
                "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999Z",
                "2025-03-01T10:15:30+01:00",
                "2025-03-01T10:15:30.25-05:30")) {
            assertEquals(
                    OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant(),
                    Times.parse(t),
                    t);
        }
    }

    @Test
    void invalidTimesAreRejectedOnBothPaths() {
        for (String t : List.of(
                "2025-02-30T10:00:00Z",
                "2025-13-01T10:00:00Z",
                "2025-03-01T24:00:00Z",
                "2025-03-01T10:60:00Z",
                "2025-03-01T10:15:30",
                "2025-03-01 10:15:30Z",
                "2025-03-01T10:15Z",
                "2025-03-01T10:15:30.Z",
                "2025-03-01T1a:15:30Z")) {
            assertFalse(Times.isValid(t), t);
        }
    }
}
