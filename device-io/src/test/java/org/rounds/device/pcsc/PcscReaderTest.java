package org.rounds.device.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.Debouncer;
import org.rounds.device.ReaderEvent;
import org.rounds.testpeers.Pcscd;
import org.rounds.testpeers.VirtualCard;

/** End to end against a real pcscd with the vpcd driver and a card written in Java. */
@Tag("peer")
class PcscReaderTest {

    private static final String READER = "Virtual PCD 00 00";
    private final BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();

    private ReaderEvent next() throws InterruptedException {
        ReaderEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void tapRemoveAndTapAnotherCardAreReportedInOrder() throws Exception {
        try (Pcscd pcscd = Pcscd.start();
             PcscReader reader = new PcscReader(READER, Clock.systemUTC(), new Debouncer(Duration.ZERO, Clock.systemUTC()))) {
            reader.start(events::add);
            assertThat(next()).isInstanceOf(ReaderEvent.ReaderAttached.class);

            try (VirtualCard card = new VirtualCard(pcscd.vpcdPort(0), HexFormat.of().parseHex("04A1B2C3D4E580"))) {
                ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented) next();
                assertThat(tap.reader()).isEqualTo("pcsc:" + READER);
                assertThat(tap.credential().id()).isEqualTo("04A1B2C3D4E580");
                assertThat(tap.credential().rawHex()).isEqualTo("04A1B2C3D4E580");
            }
            assertThat(next()).isInstanceOf(ReaderEvent.BadgeRemoved.class);

            try (VirtualCard other = new VirtualCard(pcscd.vpcdPort(0), HexFormat.of().parseHex("DEADBEEF"))) {
                assertThat(((ReaderEvent.BadgePresented) next()).credential().id()).isEqualTo("DEADBEEF");
            }
            assertThat(next()).isInstanceOf(ReaderEvent.BadgeRemoved.class);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("rounds-pcsc-"));
    }

    @Test
    void theSiteUidFormatWritesTheId() throws Exception {
        try (Pcscd pcscd = Pcscd.start();
             PcscReader reader = new PcscReader(READER, Clock.systemUTC(), new Debouncer(Clock.systemUTC()),
                     org.rounds.device.format.CredentialFormat.parse("uid-dec-reversed"))) {
            reader.start(events::add);
            assertThat(next()).isInstanceOf(ReaderEvent.ReaderAttached.class);
            try (VirtualCard card = new VirtualCard(pcscd.vpcdPort(0), new byte[] {1, 2, 3, 4})) {
                ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented) next();
                assertThat(tap.credential().id()).isEqualTo("67305985");   // 0x04030201
                assertThat(tap.credential().rawHex()).isEqualTo("01020304");
            }
        }
    }

    @Test
    void recoversAfterPcscdRestarts() throws Exception {
        PcscReader reader = new PcscReader(READER, Clock.systemUTC(), new Debouncer(Clock.systemUTC()));
        try {
            try (Pcscd pcscd = Pcscd.start()) {
                reader.start(events::add);
                assertThat(next()).isInstanceOf(ReaderEvent.ReaderAttached.class);
            }
            // pcscd gone: the reader detaches and says so once
            assertThat(next()).isInstanceOf(ReaderEvent.ReaderDetached.class);
            ReaderEvent.ReaderError err = (ReaderEvent.ReaderError) next();
            assertThat(err.message()).isEqualTo("pcscd is not running");

            try (Pcscd again = Pcscd.start()) {
                ReaderEvent e;
                do {
                    e = next();
                } while (e instanceof ReaderEvent.ReaderError);
                assertThat(e).isInstanceOf(ReaderEvent.ReaderAttached.class);
                try (VirtualCard card = new VirtualCard(again.vpcdPort(0), new byte[] {1, 2, 3, 4})) {
                    assertThat(((ReaderEvent.BadgePresented) next()).credential().id()).isEqualTo("01020304");
                }
            }
        } finally {
            reader.close();
        }
    }

    @Test
    void listsTheVirtualReadersWhilePcscdRunsAndSaysWhenItDoesNot() {
        try (Pcscd pcscd = Pcscd.start()) {
            assertThat(PcscReaders.names()).contains(READER);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(PcscReaders::names)
                .isInstanceOf(IllegalStateException.class).hasMessage("pcscd is not running");
    }

    @Test
    void aCpsContactCardIsReadForItsSerialAndItsRemovalReported() throws Exception {
        // EF.SN.ICC as tag 5A holding the serial's packed digits; the card answers Le=00 with 6C0A
        byte[] efSnIcc = HexFormat.of().parseHex("5A0880250001234567F0");
        try (Pcscd pcscd = Pcscd.start();
             PcscReader reader = new PcscReader(READER, Clock.systemUTC(), new Debouncer(Duration.ZERO, Clock.systemUTC()))) {
            reader.start(events::add);
            assertThat(next()).isInstanceOf(ReaderEvent.ReaderAttached.class);
            try (VirtualCard card = VirtualCard.cps(pcscd.vpcdPort(0), efSnIcc)) {
                ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented) next();
                assertThat(tap.credential().technology()).isEqualTo(org.rounds.device.Credential.Technology.CONTACT_CARD);
                assertThat(tap.credential().id()).isEqualTo("80250001234567F0");
                assertThat(tap.credential().rawHex()).isEqualTo("5A0880250001234567F0");
            }
            assertThat(next()).isInstanceOf(ReaderEvent.BadgeRemoved.class);
            // a contactless badge on the same reader afterwards is still read by its UID
            try (VirtualCard card = new VirtualCard(pcscd.vpcdPort(0), new byte[] {9, 8, 7, 6})) {
                assertThat(((ReaderEvent.BadgePresented) next()).credential().id()).isEqualTo("09080706");
            }
        }
    }

    @Test
    void aCpsCardWithABlankSerialIsAnErrorNotABadge() throws Exception {
        try (Pcscd pcscd = Pcscd.start();
             PcscReader reader = new PcscReader(READER, Clock.systemUTC(), new Debouncer(Duration.ZERO, Clock.systemUTC()))) {
            reader.start(events::add);
            assertThat(next()).isInstanceOf(ReaderEvent.ReaderAttached.class);
            try (VirtualCard card = VirtualCard.cps(pcscd.vpcdPort(0), HexFormat.of().parseHex("5A0400000000"))) {
                ReaderEvent.ReaderError error = (ReaderEvent.ReaderError) next();
                assertThat(error.message()).isEqualTo("card not read: cps-serial: the serial is blank");
            }
        }
    }
}
