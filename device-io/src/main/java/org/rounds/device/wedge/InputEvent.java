package org.rounds.device.wedge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One Linux {@code struct input_event} as read from {@code /dev/input/eventN}. On 64-bit
 * Linux it is 24 bytes in native (little-endian on x86-64 and arm64) order:
 * {@code struct timeval} (two 8-byte longs: seconds, microseconds), {@code __u16 type},
 * {@code __u16 code}, {@code __s32 value}. (32-bit kernels use 16 bytes; we do not run there.)
 */
record InputEvent(Instant time, int type, int code, int value) {

    static final int SIZE = 24;
    static final int EV_SYN = 0;
    static final int EV_KEY = 1;
    static final int EV_MSC = 4;
    static final int KEY_RELEASE = 0;
    static final int KEY_PRESS = 1;
    static final int KEY_REPEAT = 2;

    /** Every whole event in {@code bytes[0..length)}; a trailing partial event is ignored. */
    static List<InputEvent> parse(byte[] bytes, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.nativeOrder());
        List<InputEvent> out = new ArrayList<>(length / SIZE);
        while (b.remaining() >= SIZE) {
            long seconds = b.getLong();
            long micros = b.getLong();
            int type = b.getShort() & 0xFFFF;
            int code = b.getShort() & 0xFFFF;
            int value = b.getInt();
            out.add(new InputEvent(Instant.ofEpochSecond(seconds, micros * 1000), type, code, value));
        }
        return out;
    }

    boolean keyPress() {
        return type == EV_KEY && value == KEY_PRESS;
    }
}
