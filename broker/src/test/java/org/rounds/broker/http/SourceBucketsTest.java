package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Token buckets by source in a bounded map, with time given as nanos (no sleeps). */
@Tag("unit")
class SourceBucketsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSourcePastItsBurstWaitsTheWholeSecondsUntilItsNextToken() {
        SourceBuckets b = new SourceBuckets(new SourceLimits.Rate(0.5, 3), 100);
        for (int i = 0; i < 3; i++) assertThat(b.take("addr:10.0.0.1", 0)).isZero();
        assertThat(b.take("addr:10.0.0.1", 0)).as("one token every 2 s").isEqualTo(2);
        assertThat(b.take("addr:10.0.0.1", SECOND)).as("half a token: 1 s more").isEqualTo(1);
        assertThat(b.take("addr:10.0.0.1", 2 * SECOND)).isZero();
        assertThat(b.take("addr:10.0.0.2", 2 * SECOND)).as("another source has its own bucket").isZero();
    }

    @Test
    void aFloodOfNewSourcesNeitherGrowsTheMapNorRefillsAnActiveSourcesEmptyBucket() {
        SourceBuckets b = new SourceBuckets(new SourceLimits.Rate(1, 5), 1_000);
        long now = 7 * SECOND;
        for (int i = 0; i < 5; i++) b.take("addr:192.0.2.1", now);
        for (int i = 0; i < 100_000; i++) {
            assertThat(b.take("addr:flood-" + i, now)).isZero();
            if (i % 100 == 0) assertThat(b.take("addr:192.0.2.1", now)).as("still empty after %d new sources", i).isPositive();
        }
        assertThat(b.size()).isLessThanOrEqualTo(1_000);
        assertThat(b.take("addr:192.0.2.1", now)).isPositive();
    }

    @Test
    void aSourceQuietWhileTheMapFillsIsForgottenAndComesBackFull() {
        SourceBuckets b = new SourceBuckets(new SourceLimits.Rate(1, 2), 10);
        b.take("addr:192.0.2.9", 0);
        b.take("addr:192.0.2.9", 0);
        assertThat(b.waitFor("addr:192.0.2.9", 0)).isPositive();
        for (int i = 0; i < 10; i++) b.take("addr:other-" + i, 0);
        assertThat(b.size()).isEqualTo(10);
        assertThat(b.waitFor("addr:192.0.2.9", 0)).as("least recently seen, so forgotten").isZero();
    }

    @Test
    void waitingForATokenTakesNone() {
        SourceBuckets b = new SourceBuckets(new SourceLimits.Rate(1, 1), 10);
        assertThat(b.waitFor("addr:10.0.0.1", 0)).isZero();
        assertThat(b.waitFor("addr:10.0.0.1", 0)).isZero();
        assertThat(b.take("addr:10.0.0.1", 0)).isZero();
        assertThat(b.waitFor("addr:10.0.0.1", 0)).isEqualTo(1);
    }
}
