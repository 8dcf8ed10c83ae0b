package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("peer")
class PostgresServerTest {

    @Test
    void answersSelectOneOverJdbcAndStopsCleanly() throws SQLException {
        PostgresServer pg = PostgresServer.start();
        int port = pg.port();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        } finally {
            pg.stop();
        }
        assertThat(Peers.acceptsTcp(port)).isFalse();
    }

    @Test
    void createdDatabaseIsReachable() throws SQLException {
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("broker_test");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("broker_test"), pg.user(), pg.password());
                 ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("broker_test");
            }
        }
    }
}
