package org.rounds.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.client.config.EndpointConfig;
import org.rounds.client.config.EndpointConfigFile;

/** The /etc/rounds/endpoint.json the package installs is one `rounds client` accepts. */
@Tag("unit")
class DefaultEndpointConfigTest {

    @Test
    void thePackagedConfigurationReadsWithoutError() throws Exception {
        EndpointConfig c = EndpointConfigFile.read(Path.of("src/linux/etc/rounds/endpoint.json"));
        assertThat(c.endpoint().kind()).isEqualTo("kiosk");
        assertThat(c.brokers()).isNotEmpty();
    }
}
