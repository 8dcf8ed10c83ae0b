package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The broker bench's warm-up: the taps' rate rises from a tenth of the asked one to all of it, then stays. */
@Tag("unit")
class WarmupRampTest {
    private static final long MINUTE = TimeUnit.SECONDS.toNanos(60);

    @Test
    void theRateRisesFromATenthToTheAskedRateOverTheWarmupThenStays() {
        assertThat(BrokerLoadWorker.rampedRate(500, 0, MINUTE)).isCloseTo(50, within(1e-9));
        assertThat(BrokerLoadWorker.rampedRate(500, MINUTE / 2, MINUTE)).isCloseTo(275, within(1e-9));
        assertThat(BrokerLoadWorker.rampedRate(500, MINUTE, MINUTE)).isEqualTo(500);
        assertThat(BrokerLoadWorker.rampedRate(500, 3 * MINUTE, MINUTE)).isEqualTo(500);
    }

    @Test
    void withoutAWarmupTheAskedRateHoldsFromTheStart() {
        assertThat(BrokerLoadWorker.rampedRate(500, 0, 0)).isEqualTo(500);
    }

    @Test
    void theWarmupIsBoundedAsTheOtherOptionsAre() {
        BrokerBench bench = new BrokerBench(10, 5, 1, null, System.out);
        assertThat(bench.warmup(60)).isSameAs(bench);
        assertThatThrownBy(() -> bench.warmup(0)).hasMessage("--warmup 0 is outside 1..600");
    }
}
