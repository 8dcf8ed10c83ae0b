package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PostgresUrlsTest {
    @Test
    void aUrlNamingThePrimaryAndTheStandbyBecomesOneJdbcUrlWithItsUserApart() {
        String url = "postgresql://rounds:s3cret@10.0.0.10:5432,10.0.0.13:5433/rounds?targetServerType=primary";

        assertThat(PostgresUrls.isMultiHost(url)).isTrue();
        assertThat(PostgresUrls.parse(url)).isEqualTo(new PostgresUrls.Parsed(
                "jdbc:postgresql://10.0.0.10:5432,10.0.0.13:5433/rounds?targetServerType=primary", "rounds", Optional.of("s3cret")));
        assertThat(PostgresUrls.isMultiHost("postgresql://rounds@10.0.0.10:5432/rounds")).isFalse();
    }

    @Test
    void aHostThatIsNotHostOrHostPortIsRefusedInOneLineWithoutThePassword() {
        assertThatThrownBy(() -> PostgresUrls.parse("postgresql://rounds:s3cret@a:5432,b c:5432/rounds"))
                .hasMessage("database URL 'postgresql://a:5432,b c:5432/rounds' has a host 'b c:5432' that is not host or host:port");
        assertThatThrownBy(() -> PostgresUrls.parse("postgresql://a:5432,b:5432/"))
                .hasMessage("database URL 'postgresql://a:5432,b:5432/' names no database");
    }

    @Test
    void theFailoverTimeoutsAreAddedUnlessTheUrlSetsThem() {
        assertThat(PostgresUrls.withFailoverDefaults("jdbc:postgresql://a:5432,b:5432/rounds?targetServerType=primary&socketTimeout=30"))
                .isEqualTo("jdbc:postgresql://a:5432,b:5432/rounds?targetServerType=primary&socketTimeout=30&connectTimeout=2"
                        + "&loginTimeout=3&tcpKeepAlive=true&hostRecheckSeconds=1");
        assertThat(PostgresUrls.withFailoverDefaults("jdbc:postgresql://a:5432/rounds"))
                .isEqualTo("jdbc:postgresql://a:5432/rounds?connectTimeout=2&loginTimeout=3&socketTimeout=15&tcpKeepAlive=true"
                        + "&hostRecheckSeconds=1");
    }
}
