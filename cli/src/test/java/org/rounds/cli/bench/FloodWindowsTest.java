package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Practice A's flood in turns: off first after the warm-up, then on, each window's first second counted in neither. */
@Tag("unit")
class FloodWindowsTest {
    private static long ms(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void windowsAlternateOffThenOnWithTheirFirstSecondLeftOut() {
        assertThat(FloodWindows.of(ms(-1))).isEqualTo(FloodWindows.Window.WARMUP);
        assertThat(FloodWindows.of(ms(0))).isEqualTo(FloodWindows.Window.EDGE);
        assertThat(FloodWindows.of(ms(999))).isEqualTo(FloodWindows.Window.EDGE);
        assertThat(FloodWindows.of(ms(1000))).isEqualTo(FloodWindows.Window.OFF);
        assertThat(FloodWindows.of(ms(4999))).isEqualTo(FloodWindows.Window.OFF);
        assertThat(FloodWindows.of(ms(5500))).isEqualTo(FloodWindows.Window.EDGE);
        assertThat(FloodWindows.of(ms(6000))).isEqualTo(FloodWindows.Window.ON);
        assertThat(FloodWindows.of(ms(9999))).isEqualTo(FloodWindows.Window.ON);
        assertThat(FloodWindows.of(ms(11000))).isEqualTo(FloodWindows.Window.OFF);
    }

    @Test
    void practiceAFloodsInTheWarmUpAndTheOnWindowsEdgesIncluded() {
        assertThat(FloodWindows.flooding(ms(-1))).isTrue();
        assertThat(FloodWindows.flooding(ms(0))).isFalse();
        assertThat(FloodWindows.flooding(ms(4999))).isFalse();
        assertThat(FloodWindows.flooding(ms(5000))).isTrue();
        assertThat(FloodWindows.flooding(ms(9999))).isTrue();
        assertThat(FloodWindows.flooding(ms(10000))).isFalse();
    }
}
