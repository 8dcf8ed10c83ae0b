package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.host.StaticDesktopPool;

/** The --static-servers file of {@code rounds broker --desktops static}. */
@Tag("unit")
class DesktopPoolOptionsTest {
    @TempDir Path dir;

    @Test
    void serversAreReadWithTheirPasswordFromItsFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n");
        Path f = Files.writeString(dir.resolve("servers.json"), "[{\"user\": \"nurse\", \"address\": \"ws-12::5901\", \"passwordFile\": \""
                + pw + "\"}, {\"user\": \"doctor\", \"address\": \"vnc://10.0.0.7:5905\"}]");
        assertThat(DesktopPoolOptions.staticServers(f)).containsExactly(
                new StaticDesktopPool.Server("nurse", "ws-12", 5901, "s3cret"),
                new StaticDesktopPool.Server("doctor", "10.0.0.7", 5905, null));
    }

    @Test
    void mistakesNameTheFileAndTheEntry() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), "[{\"user\": \"a\", \"address\": \"h::1\"}, {\"user\": \"b\"}]");
        assertThatThrownBy(() -> DesktopPoolOptions.staticServers(f)).hasMessage(f + ", server 2: \"user\" and \"address\" are required strings");
        Path g = Files.writeString(dir.resolve("notarray.json"), "{}");
        assertThatThrownBy(() -> DesktopPoolOptions.staticServers(g)).hasMessageContaining("expected a JSON array");
    }
}
