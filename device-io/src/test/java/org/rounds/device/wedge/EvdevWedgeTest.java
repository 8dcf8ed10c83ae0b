package org.rounds.device.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.device.Credential;
import org.rounds.device.Debouncer;
import org.rounds.device.MutableClock;
import org.rounds.device.ReaderEvent;

@Tag("unit")
class EvdevWedgeTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:01Z"));

    private static byte[] recording(String name) throws IOException {
        try (InputStream in = EvdevWedgeTest.class.getResourceAsStream("/wedge/" + name)) {
            String hex = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
                    .filter(l -> !l.startsWith("#")).reduce("", String::concat).replaceAll("\\s", "");
            return HexFormat.of().parseHex(hex);
        }
    }

    @Test
    void recordedInputEventsParseToKeyPressesWithKernelTimestamps() throws IOException {
        byte[] bytes = recording("rfideas-12345678-enter.hex");
        assertThat(bytes.length).isEqualTo(9 * 6 * InputEvent.SIZE);
        List<InputEvent> events = InputEvent.parse(bytes, bytes.length);
        assertThat(events).hasSize(54);
        assertThat(events.get(0)).isEqualTo(new InputEvent(Instant.parse("2026-01-01T08:00:00Z"), InputEvent.EV_MSC, 4, 0x7001e));
        assertThat(events.get(1)).isEqualTo(new InputEvent(Instant.parse("2026-01-01T08:00:00Z"), InputEvent.EV_KEY, 2, 1));
        assertThat(events.get(4)).isEqualTo(new InputEvent(Instant.parse("2026-01-01T08:00:00.008Z"), InputEvent.EV_KEY, 2, 0));
        assertThat(events.stream().filter(InputEvent::keyPress).map(e -> KeyCodes.toChar(e.code())).toList())
                .containsExactly('1', '2', '3', '4', '5', '6', '7', '8', '\n');
        // a partial event at the end of a read is left for later, not misparsed
        assertThat(InputEvent.parse(bytes, InputEvent.SIZE + 10)).hasSize(1);
    }

    @Test
    void aRecordedWedgeBurstIsOneBadgePresentation() throws IOException {
        byte[] bytes = recording("rfideas-12345678-enter.hex");
        List<ReaderEvent> out = new WedgeDecoder("wedge:event3", WedgeConfig.DEFAULT, clock)
                .onEvents(InputEvent.parse(bytes, bytes.length));
        assertThat(out).hasSize(1);
        ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented) out.get(0);
        assertThat(tap.reader()).isEqualTo("wedge:event3");
        assertThat(tap.credential().technology()).isEqualTo(Credential.Technology.KEYBOARD_WEDGE);
        assertThat(tap.credential().id()).isEqualTo("12345678");
    }

    @Test
    void theSameBytesSplitAcrossReadsGiveTheSameBadge() throws IOException {
        byte[] bytes = recording("rfideas-12345678-enter.hex");
        WedgeDecoder decoder = new WedgeDecoder("wedge:event3", WedgeConfig.DEFAULT, clock);
        int half = 25 * InputEvent.SIZE;
        assertThat(decoder.onEvents(InputEvent.parse(bytes, half))).isEmpty();
        List<ReaderEvent> rest = decoder.onEvents(InputEvent.parse(Arrays.copyOfRange(bytes, half, bytes.length),
                bytes.length - half));
        assertThat(((ReaderEvent.BadgePresented) rest.get(0)).credential().id()).isEqualTo("12345678");
    }

    @Test
    void keyCodesNotCharactersSoAzertyTopRowAndKeypadGiveDigits() {
        assertThat(KeyCodes.toChar(2)).isEqualTo('1');    // KEY_1 ('&' on AZERTY)
        assertThat(KeyCodes.toChar(11)).isEqualTo('0');   // KEY_0 ('à' on AZERTY)
        assertThat(KeyCodes.toChar(82)).isEqualTo('0');   // KEY_KP0
        assertThat(KeyCodes.toChar(79)).isEqualTo('1');   // KEY_KP1
        assertThat(KeyCodes.toChar(73)).isEqualTo('9');   // KEY_KP9
        assertThat(KeyCodes.toChar(30)).isEqualTo('A');   // KEY_A ('Q' on AZERTY)
        assertThat(KeyCodes.toChar(50)).isEqualTo('M');   // KEY_M
        assertThat(KeyCodes.toChar(96)).isEqualTo('\n');  // KEY_KPENTER
        assertThat(KeyCodes.toChar(42)).isEqualTo((char) 0);   // KEY_LEFTSHIFT carries no character
    }

    @Test
    void nodesAreFoundByVendorAndProductInSysfs(@TempDir Path tmp) throws IOException {
        Path sys = tmp.resolve("sys/class/input");
        device(sys, "event3", "0c27", "3bfa");
        device(sys, "event12", "0C27", "3BFA\n");   // case and newline as sysfs prints them vary
        device(sys, "event4", "046d", "c52b");
        device(sys, "input5", "0c27", "3bfa");      // the input device itself, not an event node
        Files.createDirectories(sys.resolve("event7"));   // no id files (a virtual device)
        Path dev = tmp.resolve("dev/input");
        assertThat(EvdevNodes.find(sys, dev, 0x0c27, 0x3bfa)).containsExactly(dev.resolve("event3"), dev.resolve("event12"));
        assertThat(EvdevNodes.find(sys, dev, 0x09d8, 0x0410)).isEmpty();
        assertThat(EvdevNodes.find(sys, dev, 0x046d, -1)).containsExactly(dev.resolve("event4"));
        assertThat(EvdevNodes.find(tmp.resolve("nowhere"), dev, 0x0c27, 0x3bfa)).isEmpty();
    }

    private static void device(Path sys, String node, String vendor, String product) throws IOException {
        Path id = Files.createDirectories(sys.resolve(node).resolve("device/id"));
        Files.writeString(id.resolve("vendor"), vendor + "\n");
        Files.writeString(id.resolve("product"), product + "\n");
    }

    @Test
    void aNodeThatIsNotAnInputDeviceCannotBeGrabbedAndSaysSo(@TempDir Path tmp) throws Exception {
        Path notEvdev = Files.writeString(tmp.resolve("event5"), "");   // open works, EVIOCGRAB fails (ENOTTY)
        BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();
        try (EvdevWedgeReader reader = new EvdevWedgeReader(notEvdev, WedgeConfig.DEFAULT,
                Clock.systemUTC(), new Debouncer(Clock.systemUTC()))) {
            assertThat(reader.name()).isEqualTo("wedge:event5");
            reader.start(events::add);
            ReaderEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(((ReaderEvent.ReaderError) e).message())
                    .isEqualTo("cannot take " + notEvdev + " exclusively (errno 25): another program grabbed it");
        }
    }

    @Test
    void aMissingNodeIsOneErrorLineAndNoThreadIsLeft(@TempDir Path tmp) throws Exception {
        BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();
        try (EvdevWedgeReader reader = new EvdevWedgeReader(tmp.resolve("event99"), WedgeConfig.DEFAULT,
                Clock.systemUTC(), new Debouncer(Duration.ZERO, Clock.systemUTC()))) {
            reader.start(events::add);
            ReaderEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).isInstanceOf(ReaderEvent.ReaderError.class);
            assertThat(((ReaderEvent.ReaderError) e).message())
                    .isEqualTo("cannot open " + tmp.resolve("event99") + " (errno 2)");
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("rounds-wedge-") && t.isAlive());
    }
}
