package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gateway's server part of RFB 3.8 with security None toward the outside device, fed as frames arrive. */
@Tag("unit")
class OutsideHandshakeTest {
    private static final byte[] SERVER_INIT = {0, 8, 0, 4, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0, 0, 0, 0, 1, 'd'};

    @Test
    void aDeviceSendingByteByByteGetsNoneThenTheHostsServerInitAndWhatFollowsClientInitGoesToTheHost() throws Exception {
        OutsideHandshake h = new OutsideHandshake(SERVER_INIT);
        assertThat(new String(h.first(), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        byte[] device = concat("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 1, 2, 0, 0, 3});   // version, None, ClientInit, SetEncodings...
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        OutsideHandshake.Step last = null;
        for (byte b : device) {
            last = h.take(new byte[] {b}, 0, 1);
            answers.writeBytes(last.answer());
            if (last.done()) break;
        }
        assertThat(answers.toByteArray()).isEqualTo(concat(new byte[] {1, 1, 0, 0, 0, 0}, SERVER_INIT));
        assertThat(last.done()).isTrue();
        assertThat(last.rest()).isEmpty();

        OutsideHandshake whole = new OutsideHandshake(SERVER_INIT);
        OutsideHandshake.Step once = whole.take(device, 0, device.length);
        assertThat(once.done()).isTrue();
        assertThat(once.answer()).isEqualTo(concat(new byte[] {1, 1, 0, 0, 0, 0}, SERVER_INIT));
        assertThat(once.rest()).as("the device's first message after ClientInit, for the host").containsExactly(2, 0, 0, 3);
    }

    @Test
    void anotherVersionOrAnotherSecurityTypeIsOneLine() {
        assertThatThrownBy(() -> new OutsideHandshake(SERVER_INIT).take("RFB 003.003\n".getBytes(StandardCharsets.US_ASCII), 0, 12))
                .isInstanceOf(OutsideHandshake.Refusal.class).hasMessage("the outside device does not speak RFB 3.8 through this gateway");
        byte[] vncAuth = concat("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII), new byte[] {2});
        assertThatThrownBy(() -> new OutsideHandshake(SERVER_INIT).take(vncAuth, 0, vncAuth.length))
                .isInstanceOf(OutsideHandshake.Refusal.class).hasMessage("the outside device chose security type 2, the gateway offers None only");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
