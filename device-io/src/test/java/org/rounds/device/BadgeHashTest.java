package org.rounds.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BadgeHashTest {

    private static Credential card(String id) {
        return new Credential(Credential.Technology.PROX_125KHZ, new byte[] {9}, id);
    }

    @Test
    void sameCardSameTagDifferentCardDifferentTagNeverTheNumber() {
        BadgeHash hash = new BadgeHash("0123456789abcdef0123456789abcdef".getBytes());
        String tag = hash.of(card("1234567"));
        assertThat(tag).matches("badge#[0-9a-f]{12}").doesNotContain("1234567");
        assertThat(hash.of(card("1234567"))).isEqualTo(tag);
        assertThat(hash.of(card("1234568"))).isNotEqualTo(tag);
    }

    @Test
    void theKeyMatters() {
        assertThat(BadgeHash.ephemeral().of(card("42"))).isNotEqualTo(BadgeHash.ephemeral().of(card("42")));
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> new BadgeHash(new byte[4])).hasMessageContaining("at least 16 bytes");
    }
}
