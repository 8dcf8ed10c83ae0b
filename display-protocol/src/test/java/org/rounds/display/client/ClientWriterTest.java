package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What reaches the transport per flush (over TLS, one record each): one message at a time, or
 * a batch's messages together.
 */
@Tag("unit")
class ClientWriterTest {
    /** The bytes between two flushes of the transport, one element each: what TLS would send as one record. */
    private final List<byte[]> flushed = new ArrayList<>();
    private final ClientWriter writer = new ClientWriter(new DataOutputStream(new BufferedOutputStream(new OutputStream() {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void write(int b) { pending.write(b); }

        @Override
        public void write(byte[] b, int off, int len) { pending.write(b, off, len); }

        @Override
        public void flush() {
            if (pending.size() > 0) flushed.add(pending.toByteArray());
            pending.reset();
        }
    })));

    private static byte[] key(int keysym, boolean down) {
        return Bytes.of().u8(4, down ? 1 : 0).u16(0).u32(keysym).toArray();
    }

    @Test
    void eachMessageIsFlushedOnItsOwn() throws Exception {
        writer.keyEvent('a', true);
        writer.keyEvent('a', false);
        assertThat(flushed).containsExactly(key('a', true), key('a', false));
    }

    @Test
    void aKeysPressAndReleaseWrittenTogetherAreFlushedOnceAtTheBatchsEnd() throws Exception {
        writer.together(() -> {
            writer.keyEvent('a', true);
            assertThat(flushed).as("nothing flushed before the batch ends").isEmpty();
            writer.keyEvent('a', false);
        });
        assertThat(flushed).containsExactly(Bytes.of().bytes(key('a', true)).bytes(key('a', false)).toArray());
        writer.keyEvent('b', true);
        assertThat(flushed).as("after the batch, a message goes at once").hasSize(2).last().isEqualTo(key('b', true));
    }

    @Test
    void aNestedBatchIsFlushedByTheOuterOneAndAFailingBatchStillSendsWhatItWrote() throws Exception {
        writer.together(() -> {
            writer.keyEvent('a', true);
            writer.together(() -> writer.keyEvent('a', false));
            assertThat(flushed).isEmpty();
            writer.pointerEvent(1, 2, 0);
        });
        assertThat(flushed).hasSize(1).first().satisfies(b -> assertThat(b).hasSize(8 + 8 + 6));

        assertThatThrownBy(() -> writer.together(() -> {
            writer.keyEvent('c', true);
            throw new IllegalStateException("the caller failed");
        })).hasMessage("the caller failed");
        assertThat(flushed).hasSize(2).last().isEqualTo(key('c', true));
    }
}
