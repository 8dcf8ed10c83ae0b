package org.rounds.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.store.Tenant;

/** Badge tags per practice (issue 23): the same badge number gives unrelated tags in two practices; the default keeps today's. */
@Tag("unit")
class TenantBadgeKeyTest {
    private static final byte[] MASTER = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final String BADGE = "0412345678";

    @Test
    void theDefaultTenantKeepsTodaysTagSoEnrolledBadgesStillMatch() {
        BadgeKey key = BadgeKey.of(List.of(MasterKey.v1(MASTER)));
        String todays = HexFormat.of().formatHex(MasterKey.hmac(Hkdf.derive(MASTER, "rounds badge-hmac v1"), BADGE));
        assertThat(key.hmac(BADGE)).isEqualTo(todays);
        assertThat(key.forTenant(Tenant.DEFAULT).hmac(BADGE)).isEqualTo(todays);
        assertThat(key.forTenant(Tenant.DEFAULT)).isSameAs(key);
    }

    @Test
    void twoPracticesTagTheSameBadgeDifferentlyUnderALabelNamingThem() {
        BadgeKey key = BadgeKey.of(List.of(MasterKey.v1(MASTER)));
        String a = key.forTenant(new Tenant("practice-a")).hmac(BADGE);
        String b = key.forTenant(new Tenant("practice-b")).hmac(BADGE);
        assertThat(List.of(a, b, key.hmac(BADGE))).doesNotHaveDuplicates();
        assertThat(a).isEqualTo(HexFormat.of().formatHex(MasterKey.hmac(Hkdf.derive(MASTER, "rounds badge-hmac v1 tenant practice-a"), BADGE)));
        assertThat(key.forTenant(new Tenant("practice-a")).tags(BADGE)).singleElement()
                .satisfies(t -> assertThat(t.hmac()).isEqualTo(a))
                .satisfies(t -> assertThat(t.keyId()).as("rotation counts keys, not tenants").isEqualTo(key.currentId()));
    }

    @Test
    void aRotatedKeyFileStillFindsAPracticesBadgesUnderTheEarlierKey() {
        MasterKey old = MasterKey.v1(MASTER);
        BadgeKey before = BadgeKey.of(List.of(old)).forTenant(new Tenant("practice-a"));
        BadgeKey after = BadgeKey.of(List.of(MasterKey.random(), old)).forTenant(new Tenant("practice-a"));
        assertThat(after.tags(BADGE)).extracting(t -> t.hmac()).contains(before.hmac(BADGE));
    }

    @Test
    void aPracticeNameThatCouldNotSplitACertificateNameIsRefusedInOneLine() {
        assertThatThrownBy(() -> new Tenant("ward:4")).hasMessage(
                "practice name 'ward:4' must be 1 to 63 lower-case letters, digits or hyphens, starting with a letter or digit");
        assertThat(Tenant.of(null)).isEqualTo(Tenant.DEFAULT);
    }
}
