package org.rounds.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The derivation: RFC 5869's vectors, and one different key per purpose from one master key. */
@Tag("unit")
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc5869TestCasesOneAndThree() {
        byte[] ikm = HEX.parseHex("0b".repeat(22));
        assertThat(HEX.formatHex(Hkdf.derive(ikm, HEX.parseHex("000102030405060708090a0b0c"), HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        assertThat(HEX.formatHex(Hkdf.derive(ikm, new byte[0], new byte[0], 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void eachPurposeGetsItsOwnKeyFromTheSameMasterKey() {
        byte[] master = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        MasterKey k = MasterKey.v1(master);
        List<String> derived = List.of(HEX.formatHex(k.badgeHmacKey()), HEX.formatHex(k.sealKey()), HEX.formatHex(k.reconnectKey()),
                k.storePassword());
        assertThat(Set.copyOf(derived)).as("badge, seal, reconnect and store keys all differ").hasSize(4);
        assertThat(derived).doesNotContain(HEX.formatHex(master));
        assertThat(derived.get(0)).as("the label is what differs: the same derivation, label by label")
                .isEqualTo(HEX.formatHex(Hkdf.derive(master, "rounds badge-hmac v1")))
                .isNotEqualTo(HEX.formatHex(Hkdf.derive(master, "rounds badge-hmac v2")));
        assertThat(k.id()).hasSize(16).isNotIn(derived.stream().map(d -> d.substring(0, 16)).toList());
        assertThat(MasterKey.v1(master).id()).as("stable across loads").isEqualTo(k.id());
        assertThat(MasterKey.v1(master.clone()).toString()).doesNotContain(HEX.formatHex(master));
    }

    @Test
    void aLegacyKeyDerivesAsTheOldCodeDid() {
        byte[] old = HEX.parseHex("aa".repeat(32));
        MasterKey k = MasterKey.legacy(old);
        BadgeKey keys = BadgeKey.of(List.of(MasterKey.random(), k));
        // the old BadgeKey stored HMAC-SHA256(key, badge) and sealed under HMAC(key, "rounds tap-decision sealing key v1")
        assertThat(keys.tags("04C7D8E9FA1B80").get(1).hmac()).isEqualTo(HEX.formatHex(MasterKey.hmac(old, "04C7D8E9FA1B80")));
        assertThat(k.sealKey()).isEqualTo(MasterKey.hmac(old, "rounds tap-decision sealing key v1"));
        assertThat(keys.tags("04C7D8E9FA1B80").get(0).hmac()).isNotEqualTo(keys.tags("04C7D8E9FA1B80").get(1).hmac());
    }
}
