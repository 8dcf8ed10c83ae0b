package org.rounds.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window reads keyboard-wedge badges only where endpoint.json configures a wedge reader or one is plugged in. */
@Tag("unit")
class WedgeReaderTest {

    private static EndpointConfig read(Path dir, String readers) throws Exception {
        Path f = dir.resolve("endpoint.json");
        Files.writeString(f, "{\"endpoint\":{\"id\":\"cart-9\",\"kind\":\"cart\"},\"brokers\":[\"https://b:8443\"]"
                + (readers.isEmpty() ? "" : ",\"readers\":" + readers) + "}");
        return EndpointConfigFile.read(f);
    }

    @Test
    void noWedgeConfiguredAndNoneAttachedMeansKeysAreOnlyKeys(@TempDir Path dir) throws Exception {
        EndpointConfig c = read(dir, "");
        assertThat(c.readers().keyboardWedge()).isFalse();
        assertThat(WedgeReader.forWindow(c.readers(), () -> false)).isEmpty();
    }

    @Test
    void aConfiguredWedgeReaderReadsBurstsWithTheSitesAffixesWithoutLookingForOne(@TempDir Path dir) throws Exception {
        EndpointConfig c = read(dir, "{\"keyboardWedge\": true, \"wedgePrefix\": \"%\"}");
        AtomicInteger looked = new AtomicInteger();
        var wedge = WedgeReader.forWindow(c.readers(), () -> looked.incrementAndGet() > 0);
        assertThat(wedge).hasValueSatisfying(w -> assertThat(w.prefix()).isEqualTo("%"));
        assertThat(looked).hasValue(0);
    }

    @Test
    void anAttachedWedgeReaderTurnsTheWindowsFilterOn(@TempDir Path dir) throws Exception {
        assertThat(WedgeReader.forWindow(read(dir, "").readers(), () -> true)).isPresent();
    }

    @Test
    void thisMachineHasNoWedgeReaderAttached() {
        // Its kernel has no USB host (see the notes on badges): the survey finds none, and says so without throwing.
        assertThat(WedgeReader.attached(Clock.systemUTC())).isFalse();
    }
}
