package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/** Fence and ContinuousUpdates against scripted server messages: what the client answers, byte for byte. */
@Tag("unit")
class UpdateFlowTest {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private ServerMessageReader reader(Bytes server, int messages) throws Exception {
        ServerMessageReader r = new ServerMessageReader(server.input(), new ClientWriter(new DataOutputStream(sent)),
                new Framebuffer(64, 48), PixelFormat.ARGB32_LE, List.of(Encodings.RAW, Encodings.DESKTOP_SIZE), new RfbListener() {});
        for (int i = 0; i < messages; i++) r.readMessage();
        return r;
    }

    private static Bytes emptyUpdate() { return Bytes.of().u8(0, 0).u16(0); }

    @Test
    void withoutContinuousUpdatesEachUpdateEndsWithAnIncrementalRequest() throws Exception {
        ServerMessageReader r = reader(emptyUpdate(), 1);
        assertThat(r.continuousUpdates()).isFalse();
        assertThat(sent.toByteArray()).isEqualTo(Bytes.of().u8(3, 1).u16(0).u16(0).u16(64).u16(48).toArray());
    }

    @Test
    void aFenceRequestIsEchoedWithOnlyTheBlockFlags() throws Exception {
        int flags = 0x80000000 | 1 | 2 | 4; // request, block before, block after, sync next
        reader(Bytes.of().u8(248, 0, 0, 0).u32(flags & 0xFFFFFFFFL).u8(3).u8('a', 'b', 'c'), 1);
        assertThat(sent.toByteArray()).isEqualTo(Bytes.of().u8(248, 0, 0, 0).u32(3).u8(3).u8('a', 'b', 'c').toArray());
    }

    @Test
    void aFenceAnswerIsNotAnswered() throws Exception {
        reader(Bytes.of().u8(248, 0, 0, 0).u32(1).u8(0), 1);
        assertThat(sent.toByteArray()).isEmpty();
    }

    @Test
    void fenceAndEndOfContinuousUpdatesEnableThemAndRequestsStop() throws Exception {
        Bytes server = Bytes.of().u8(248, 0, 0, 0).u32(0x80000000L).u8(0).u8(150).bytes(emptyUpdate().toArray());
        ServerMessageReader r = reader(server, 3);
        assertThat(r.continuousUpdates()).isTrue();
        Bytes expected = Bytes.of().u8(248, 0, 0, 0).u32(0).u8(0) // fence answer
                .u8(150, 1).u16(0).u16(0).u16(64).u16(48); // EnableContinuousUpdates, then no request after the update
        assertThat(sent.toByteArray()).isEqualTo(expected.toArray());
    }

    @Test
    void continuousUpdatesAloneWithoutFenceKeepRequesting() throws Exception {
        ServerMessageReader r = reader(Bytes.of().u8(150).bytes(emptyUpdate().toArray()), 2);
        assertThat(r.continuousUpdates()).isFalse();
        assertThat(sent.toByteArray()).isEqualTo(Bytes.of().u8(3, 1).u16(0).u16(0).u16(64).u16(48).toArray());
    }

    @Test
    void whenTheServerEndsContinuousUpdatesRequestingResumes() throws Exception {
        Bytes server = Bytes.of().u8(248, 0, 0, 0).u32(0).u8(0).u8(150).u8(150);
        ServerMessageReader r = reader(server, 3);
        assertThat(r.continuousUpdates()).isFalse();
        assertThat(sent.toByteArray()).isEqualTo(Bytes.of().u8(150, 1).u16(0).u16(0).u16(64).u16(48)
                .u8(3, 1).u16(0).u16(0).u16(64).u16(48).toArray());
    }

    @Test
    void aResizeUnderContinuousUpdatesCoversTheNewScreen() throws Exception {
        Bytes server = Bytes.of().u8(248, 0, 0, 0).u32(0).u8(0).u8(150)
                .u8(0, 0).u16(1).u16(0).u16(0).u16(80).u16(60).u32(Encodings.DESKTOP_SIZE & 0xFFFFFFFFL);
        reader(server, 3);
        assertThat(sent.toByteArray()).isEqualTo(Bytes.of().u8(150, 1).u16(0).u16(0).u16(64).u16(48)
                .u8(150, 1).u16(0).u16(0).u16(80).u16(60).u8(3, 0).u16(0).u16(0).u16(80).u16(60).toArray());
    }

    @Test
    void anOversizedFencePayloadIsAProtocolError() {
        assertThatThrownBy(() -> reader(Bytes.of().u8(248, 0, 0, 0).u32(0).u8(65), 1))
                .isInstanceOf(RfbProtocolException.class).hasMessage("ServerFence, byte offset 8: fence payload of 65 bytes exceeds 64");
    }
}
