package org.rounds.device.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.BadgeReader;
import org.rounds.device.Debouncer;
import org.rounds.device.ReaderDriver;
import org.rounds.device.ReaderEvent;
import org.rounds.device.usb.FakeUsbWatcher;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.hid.PcProxReader;
import org.rounds.device.pcsc.PcscReader;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.device.usb.KnownReaders;
import org.rounds.device.wedge.EvdevWedgeReader;
import org.rounds.device.wedge.WedgeConfig;

/** The registry is the one list of drivers: doctor, the live set and the USB catalogue all follow it. */
@Tag("unit")
class ReaderDriversTest {

    private final Clock clock = Clock.systemUTC();

    private ReaderInventory inventory(BadgeReader usb) {
        return new ReaderInventory(clock, CredentialFormat.parse("uid-hex"), CredentialFormat.parse("h10301,corp1000,raw"),
                c -> usb);
    }

    private static List<String> names(List<ReaderDriver> drivers) {
        return drivers.stream().map(ReaderDriver::name).toList();
    }

    private static List<String> driversOf(List<ReaderDriver.Entry> entries) {
        Set<String> seen = new LinkedHashSet<>();
        entries.forEach(e -> seen.add(e.driver()));
        return new ArrayList<>(seen);
    }

    @Test
    void theTableHoldsEachDriverOnceInTheDoctorsOrder() {
        assertThat(names(ReaderDrivers.all())).containsExactly("pcsc", "hid", "wedge", "usb", "sim");
        assertThat(ReaderDrivers.all()).allSatisfy(d -> assertThat(d.name()).matches("[a-z]+"));
    }

    @Test
    void everyDriversNameRoundTripsThroughTheLookup() {
        for (ReaderDriver d : ReaderDrivers.all()) {
            assertThat(ReaderDrivers.byName(d.name())).containsSame(d);
            assertThat(ReaderDrivers.forReader(d.name() + ":some reader 00 00")).containsSame(d);
        }
        assertThat(ReaderDrivers.forReader("serial:ttyS0")).isEmpty();
        assertThat(ReaderDrivers.forReader("pcsc")).as("a driver's name is not a reader's").isEmpty();
    }

    @Test
    void theReadersADriverStartsCarryItsName() {
        Debouncer debouncer = new Debouncer(clock);
        Map<String, String> driverByReader = new LinkedHashMap<>();
        driverByReader.put(new SimulatedReader("cart-1", clock).name(), "sim");
        driverByReader.put(new PcProxReader("0c27:3bfa#0", () -> {
            throw new IOException("not opened in this test");
        }, CredentialFormat.parse("raw"), clock, debouncer, Duration.ofMillis(100)).name(), "hid");
        driverByReader.put(new EvdevWedgeReader(Path.of("/dev/input/event7"), WedgeConfig.DEFAULT, clock, debouncer).name(),
                "wedge");
        driverByReader.put(inventory(new FakeUsbWatcher(clock)).survey().stream()
                .filter(e -> e.driver().equals("usb")).findFirst().orElseThrow().reader(), "usb");
        try (PcscReader pcsc = new PcscReader("ACS ACR122U 00 00", clock, debouncer)) {
            driverByReader.put(pcsc.name(), "pcsc");
        } catch (IllegalStateException noLibpcsclite) {
            // a laptop without libpcsclite: the others still prove the point
        }
        driverByReader.forEach((reader, driver) ->
                assertThat(ReaderDrivers.forReader(reader).map(ReaderDriver::name)).as(reader).contains(driver));
    }

    @Test
    void doctorReadersReportsEveryRegisteredDriverThatHasReadersToFind() {
        FakeUsbWatcher usb = new FakeUsbWatcher(clock);
        List<ReaderDriver.Entry> report = inventory(usb).survey();

        // one line at least per driver, in the table's order; sim readers are opened by the code
        // that feeds them, never found
        assertThat(driversOf(report)).containsExactlyElementsOf(
                names(ReaderDrivers.all()).stream().filter(n -> !n.equals("sim")).toList());
        assertThat(ReaderDrivers.byName("sim").orElseThrow().survey(inventory(usb).settings())).isEmpty();
        assertThat(report).allSatisfy(e -> {
            assertThat(e.detail()).isNotBlank().doesNotContain("\n");
            if (!e.reader().equals("-")) {
                assertThat(ReaderDrivers.forReader(e.reader()).orElseThrow().name()).isEqualTo(e.driver());
            }
        });
        assertThat(report).filteredOn(e -> e.driver().equals("usb")).singleElement().satisfies(e -> {
            assertThat(e.reader()).isEqualTo("usb:hid:0c27:3bfa@1-4");
            assertThat(e.detail()).isEqualTo("plugged in; read by the hid driver");
        });
        assertThat(usb.started).isTrue();
        assertThat(usb.closed).as("the doctor's watcher is closed after its survey").isTrue();
    }

    @Test
    void theLiveSetSurveysEachDriverAsItsDiscoverySays() {
        ReaderInventory inventory = inventory(new FakeUsbWatcher(clock));
        assertThat(driversOf(inventory.survey(ReaderDriver.Discovery.POLLED))).containsExactly("pcsc");
        assertThat(driversOf(inventory.survey(ReaderDriver.Discovery.ON_USB_CHANGE))).containsExactly("hid", "wedge");
        assertThat(ReaderDrivers.all()).filteredOn(d -> d.discovery() == ReaderDriver.Discovery.NONE)
                .extracting(ReaderDriver::name).containsExactly("usb", "sim");
    }

    @Test
    void theLiveSetRunsTheInventorysUsbWatcherAndClosesIt() {
        FakeUsbWatcher usb = new FakeUsbWatcher(clock);
        List<ReaderEvent> events = new CopyOnWriteArrayList<>();
        try (LiveReaders live = LiveReaders.of(inventory(usb))) {
            live.start(events::add);
            assertThat(events).anySatisfy(e -> {
                assertThat(e).isInstanceOf(ReaderEvent.ReaderAttached.class);
                assertThat(e.reader()).isEqualTo("usb:hid:0c27:3bfa@1-4");
            });
        }
        assertThat(usb.closed).isTrue();
    }

    @Test
    void theUsbCatalogueIsEveryDriversUsbDevicesAndNoOther() {
        KnownReaders known = ReaderDrivers.usbReaders();
        int ids = 0;
        for (ReaderDriver d : ReaderDrivers.all()) {
            for (ReaderDriver.UsbId id : d.usbIds()) {
                ids++;
                int product = id.productId() == ReaderDriver.UsbId.ANY_PRODUCT ? 0xfffe : id.productId();
                KnownReaders.KnownReader found = known.lookup(id.vendorId(), product).orElseThrow();
                assertThat(found.device()).isEqualTo(id);
                assertThat(found.driver()).isEqualTo(d.name());
            }
        }
        assertThat(ids).as("pcProx (2 lines), five PC/SC vendors, Elatec").isEqualTo(8);
        assertThat(known.lookup(0x046d, 0xc52b)).as("a Logitech receiver").isEmpty();
    }
}
