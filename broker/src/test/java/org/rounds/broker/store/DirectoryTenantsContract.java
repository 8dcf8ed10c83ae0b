package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.auth.BadgeKey;

/** Two practices set up alike in one directory (issue 23): the same user id and badge number, each practice sees its own. */
abstract class DirectoryTenantsContract {
    static final Tenant A = new Tenant("practice-a");
    static final Tenant B = new Tenant("practice-b");
    static final String BADGE = "0412345678";
    final Instant now = Instant.parse("2026-12-07T08:00:00Z");
    Database db;
    final BadgeKey key = BadgeKey.ephemeral();

    abstract Database openDatabase();

    @BeforeEach
    void twoPractices() throws SQLException {
        db = openDatabase();
        new Tenants(db).add(A, now, "local:test");
        new Tenants(db).add(B, now, "local:test");
        Directory directory = new Directory(db).by("local:test");
        directory.enroll("nurse", "Nurse of the hospital", key.tags(BADGE), now);
        directory.in(A).enroll("nurse", "Nurse of practice A", key.forTenant(A).tags(BADGE), now);
        directory.in(B).enroll("nurse", "Nurse of practice B", key.forTenant(B).tags(BADGE), now);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Test
    void eachPracticeListsOnlyItsOwnUserOfTheSameId() throws SQLException {
        Directory directory = new Directory(db);
        assertThat(directory.users()).containsExactly(new Directory.User("nurse", "Nurse of the hospital"));
        assertThat(directory.in(A).users()).containsExactly(new Directory.User("nurse", "Nurse of practice A"));
        assertThat(directory.in(B).users()).containsExactly(new Directory.User("nurse", "Nurse of practice B"));
    }

    @Test
    void theSameBadgeNumberIsThreeUnrelatedTagsEachInItsPractice() throws SQLException {
        assertThat(select("SELECT tenant_id || ' ' || badge_hmac FROM badges ORDER BY tenant_id")).containsExactly(
                "default " + key.hmac(BADGE), "practice-a " + key.forTenant(A).hmac(BADGE), "practice-b " + key.forTenant(B).hmac(BADGE));
        try (Connection c = db.connection()) {
            assertThat(Directory.userByBadge(c, key.forTenant(A).hmac(BADGE))).as("practice A's tag is no default badge").isEmpty();
        }
    }

    @Test
    void revokingInOnePracticeLeavesTheOthersBadgesAndIsAuditedInItsOwnTrail() throws SQLException {
        assertThat(new Directory(db).in(A).revokeBadges("nurse", now)).isEqualTo(1);
        assertThat(select("SELECT tenant_id FROM badges ORDER BY tenant_id")).containsExactly("default", "practice-b");
        assertThat(select("SELECT tenant_id FROM audit WHERE kind = 'badges-revoked'")).containsExactly("practice-a");
        assertThat(select("SELECT tenant_id FROM audit WHERE kind = 'enroll' ORDER BY tenant_id"))
                .containsExactly("default", "practice-a", "practice-b");
    }

    @Test
    void aPinAndAKioskSetInOnePracticeAreThatPracticesUsersOnly() throws SQLException {
        new Directory(db).in(A).setSecret("nurse", true, "hash-a", now);
        new Directory(db).in(A).assignKiosk("kiosk-1", "nurse", "Nurse of practice A", now);
        assertThat(select("SELECT tenant_id || ' ' || COALESCE(pin_hash, '-') FROM users ORDER BY tenant_id"))
                .containsExactly("default -", "practice-a hash-a", "practice-b -");
        assertThat(select("SELECT tenant_id || ' ' || endpoint_id FROM kiosk_assignments")).containsExactly("practice-a kiosk-1");
        assertThat(select("SELECT tenant_id FROM audit WHERE kind IN ('pin-set', 'kiosk-assigned')")).containsOnly("practice-a");
        assertThatThrownBy(() -> new Directory(db).in(A).setSecret("stranger", true, "hash", now)).hasMessage("no user stranger");
    }

    private List<String> select(String sql) throws SQLException {
        return Tx.asService(db, "test: reading every practice's rows", c -> {
            List<String> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) rows.add(rs.getString(1));
            }
            return rows;
        });
    }
}
