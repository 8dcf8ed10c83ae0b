package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rounds.display.RfbAuthException;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.VncAuth;

/** The handshake against scripted server bytes: what we answer, byte for byte. */
@Tag("unit")
class ClientHandshakeTest {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private static Bytes serverInit() {
        return Bytes.of().u16(8).u16(4).u8(32, 24, 0, 1).u16(255).u16(255).u16(255).u8(16, 8, 0, 0, 0, 0).u32(2).u8('h', 'i');
    }

    private ServerInit run(Bytes server, Optional<String> password) throws Exception {
        return new ClientHandshake(server.input(), new DataOutputStream(sent)).run(password, true);
    }

    private static Bytes version(String v) { return Bytes.of().bytes(("RFB " + v + "\n").getBytes(StandardCharsets.US_ASCII)); }

    @ParameterizedTest
    @CsvSource({"003.008,003.008", "003.889,003.008", "003.007,003.007", "003.005,003.003", "003.003,003.003", "004.001,003.008"})
    void answersWithTheHighestVersionWeShare(String server, String answer) throws Exception {
        Bytes s = version(server);
        if (answer.equals("003.003")) s.u32(1); // 3.3: the server picks None, no SecurityResult
        else if (answer.equals("003.007")) s.u8(1, 1); // 3.7: list, no SecurityResult for None
        else s.u8(1, 1).u32(0);
        ServerInit init = run(s.bytes(serverInit().toArray()), Optional.empty());
        assertThat(init.name()).isEqualTo("hi");
        assertThat(init.width()).isEqualTo(8);
        String reply = new String(sent.toByteArray(), 0, 12, StandardCharsets.US_ASCII);
        assertThat(reply).isEqualTo("RFB " + answer + "\n");
    }

    @ParameterizedTest
    @CsvSource({"UTF-8,Équipe — Nurse", "ISO-8859-1,Équipe Nurse"})
    void desktopNamesAreUtf8WhenValidAndLatin1Otherwise(String charset, String name) throws Exception {
        byte[] n = name.getBytes(java.nio.charset.Charset.forName(charset));
        Bytes init = Bytes.of().u16(8).u16(4).u8(32, 24, 0, 1).u16(255).u16(255).u16(255).u8(16, 8, 0, 0, 0, 0)
                .u32(n.length).bytes(n);
        ServerInit got = run(version("003.008").u8(1, 1).u32(0).bytes(init.toArray()), Optional.empty());
        assertThat(got.name()).isEqualTo(name);
    }

    @Test
    void vncAuthSendsTheDesResponseAndChoosesType2() throws Exception {
        byte[] challenge = new byte[16];
        for (int i = 0; i < 16; i++) challenge[i] = (byte) (i * 17);
        run(version("003.008").u8(2, 1, 2).bytes(challenge).u32(0).bytes(serverInit().toArray()), Optional.of("pass"));
        byte[] out = sent.toByteArray();
        assertThat(out[12]).isEqualTo((byte) 2);
        assertThat(java.util.Arrays.copyOfRange(out, 13, 29)).isEqualTo(VncAuth.response(challenge, "pass"));
        assertThat(out[29]).isEqualTo((byte) 1); // ClientInit shared
    }

    @Test
    void failureReasonOf38ReachesTheException() {
        Bytes s = version("003.008").u8(1, 2).bytes(new byte[16]).u32(1).u32(13).bytes("too many bads".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> run(s, Optional.of("x"))).isInstanceOf(RfbAuthException.class)
                .hasMessage("server refused authentication: too many bads");
    }

    @Test
    void refusalBeforeSecurityCarriesTheReason() {
        Bytes s = version("003.008").u8(0).u32(4).u8('b', 'u', 's', 'y');
        assertThatThrownBy(() -> run(s, Optional.empty())).isInstanceOf(RfbAuthException.class).hasMessageContaining("busy");
    }

    @Test
    void passwordNeededButNoneGiven() {
        assertThatThrownBy(() -> run(version("003.008").u8(1, 2), Optional.empty()))
                .isInstanceOf(RfbAuthException.class).hasMessageContaining("requires a VNC password");
    }

    @Test
    void onlyUnknownSecurityTypes() {
        assertThatThrownBy(() -> run(version("003.008").u8(2, 5, 16), Optional.of("x")))
                .isInstanceOf(RfbAuthException.class).hasMessageContaining("server offers RA2(5), Tight(16)");
    }

    @Test
    void veNCryptPlainSendsLengthsThenUserAndPassword() throws Exception {
        Bytes s = version("003.008").u8(1, 19).u8(0, 2).u8(0).u8(1).u32(256).u8(1).u32(0).bytes(serverInit().toArray());
        Credentials c = new Credentials(Optional.of("nurse"), Optional.of("pässword"), Optional.empty(), Optional.empty());
        ServerInit init = new ClientHandshake(s.input(), new DataOutputStream(sent)).run(c, true);
        assertThat(init.name()).isEqualTo("hi");
        byte[] pass = "pässword".getBytes(StandardCharsets.UTF_8);
        Bytes expected = Bytes.of().bytes("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)).u8(19).u8(0, 2).u32(256)
                .u32(5).u32(pass.length).bytes("nurse".getBytes(StandardCharsets.UTF_8)).bytes(pass).u8(1);
        assertThat(sent.toByteArray()).isEqualTo(expected.toArray());
    }

    @Test
    void veNCryptRefusedSubTypeSaysWhich() {
        Bytes s = version("003.008").u8(1, 19).u8(0, 2).u8(0).u8(1).u32(256).u8(0);
        Credentials c = new Credentials(Optional.of("nurse"), Optional.of("pw"), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> new ClientHandshake(s.input(), new DataOutputStream(sent)).run(c, true))
                .isInstanceOf(RfbAuthException.class).hasMessage("server refused VeNCrypt sub-type Plain(256)");
    }

    @Test
    void veNCryptOlderThan02IsRefused() {
        Bytes s = version("003.008").u8(1, 19).u8(0, 1);
        assertThatThrownBy(() -> run(s, Optional.of("pw")))
                .isInstanceOf(RfbAuthException.class).hasMessage("server speaks VeNCrypt 0.1, we need 0.2");
    }

    @Test
    void notAnRfbServer() {
        assertThatThrownBy(() -> run(Bytes.of().bytes("HTTP/1.1 400".getBytes(StandardCharsets.US_ASCII)), Optional.empty()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("ProtocolVersion, byte offset 0: not an RFB server");
    }
}
