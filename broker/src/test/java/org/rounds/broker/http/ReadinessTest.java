package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** /health/ready asks the database at most once a second, however many endpoints probe. */
@Tag("unit")
class ReadinessTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicBoolean answers = new AtomicBoolean(true);
    private final Readiness readiness = new Readiness(() -> {
        asked.incrementAndGet();
        return answers.get();
    }, now::get);

    @Test
    void aThousandProbesWithinASecondAskTheDatabaseOnce() {
        for (int i = 0; i < 1000; i++) assertThat(readiness.ready()).isTrue();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aDatabaseThatStopsAnsweringIsReportedOnceTheAnswerIsASecondOld() {
        assertThat(readiness.ready()).isTrue();
        answers.set(false);
        now.addAndGet(Readiness.MAX_AGE_NANOS - 1);
        assertThat(readiness.ready()).as("the answer is not a second old yet").isTrue();
        now.addAndGet(1);
        assertThat(readiness.ready()).isFalse();
        answers.set(true);
        now.addAndGet(Readiness.MAX_AGE_NANOS);
        assertThat(readiness.ready()).isTrue();
        assertThat(asked).hasValue(3);
    }

    @Test
    void theFirstProbeAsksTheDatabase() {
        answers.set(false);
        assertThat(readiness.ready()).isFalse();
        assertThat(asked).hasValue(1);
    }
}
