package org.rounds.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cost that ships: the tests hash at a cheaper cost (the build sets
 * {@value SlowHash#TEST_COST_PROPERTY}), so this class is where the production cost is checked.
 */
@Tag("unit")
class SlowHashTest {
    @Test
    void outsideTheTestsEveryHashCostsOwasps210000IterationsWhateverTheSetting() {
        assertThat(SlowHash.PRODUCTION_ITERATIONS).isEqualTo(210_000);
        assertThat(SlowHash.iterations(null, false)).isEqualTo(210_000);
        assertThat(SlowHash.iterations("1000", false)).as("a product jar holds no JUnit: the setting is ignored").isEqualTo(210_000);
        assertThat(SlowHash.iterations(null, true)).as("a test JVM without the setting").isEqualTo(210_000);
        assertThat(SlowHash.iterations("10", true)).as("never below the format's 4 digits").isEqualTo(1000);
        assertThat(SlowHash.iterations("999999", true)).as("never above the production cost").isEqualTo(210_000);
    }

    @Test
    void aHashAtTheProductionCostNamesItsCostAndChecksOnlyItsOwnSecret() {
        String hash = SlowHash.hash("2468", SlowHash.PRODUCTION_ITERATIONS);
        assertThat(hash).startsWith("pbkdf2-sha256:210000:").doesNotContain("2468");
        assertThat(SlowHash.wellFormed(hash)).isTrue();
        assertThat(SlowHash.matches(hash, "2468")).isTrue();
        assertThat(SlowHash.matches(hash, "2469")).isFalse();
    }

    @Test
    void theTestsOwnCheaperHashesCheckTheSameWay() {
        String hash = SlowHash.hash("correct horse");
        assertThat(hash).startsWith("pbkdf2-sha256:" + System.getProperty(SlowHash.TEST_COST_PROPERTY, "210000") + ":");
        assertThat(SlowHash.matches(hash, "correct horse")).isTrue();
        assertThat(SlowHash.matches(hash, "correct horsf")).isFalse();
        assertThat(SlowHash.hash("correct horse")).as("salted").isNotEqualTo(hash);
    }
}
