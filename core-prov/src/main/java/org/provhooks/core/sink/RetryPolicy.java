package org.provhooks.core.sink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, bounded: attempt {@code n} waits a random time between half and all of
 * {@code min(initial × 2^(n-1), max)}; after {@code maxAttempts} failed attempts in one session a document is
 * left in the outbox for a later start.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 12);

    public RetryPolicy {
        if (maxAttempts < 1 || initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry policy needs maxAttempts >= 1 and 0 <= initialDelay <= maxDelay");
        }
    }

    /** The wait before attempt {@code failures + 1}, after {@code failures} failures (≥ 1). */
    public Duration delayAfter(int failures) {
        long base = initialDelay.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(Math.max(base, 0), maxDelay.toMillis());
        long jittered =
                capped / 2 + (capped / 2 == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        return Duration.ofMillis(jittered);
    }
}
