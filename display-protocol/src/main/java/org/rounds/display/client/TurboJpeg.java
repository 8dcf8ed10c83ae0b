package org.rounds.display.client;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG API (the SIMD decoder TigerVNC's viewer uses),
 * through JNA direct mapping, when the library is installed ({@code libturbojpeg0} on Debian,
 * {@code libjpeg-turbo} elsewhere); {@link #create()} is empty otherwise and the caller uses
 * ImageIO, whose libjpeg is several times slower. {@code -Drounds.jpeg=imageio} forces ImageIO.
 * One instance per decoder (a TurboJPEG handle is not thread-safe); the handle is freed when
 * the instance is collected.
 */
final class TurboJpeg {
    private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);
    private static final Cleaner CLEANER = Cleaner.create();
    /** TJPF_BGRA: on a little-endian machine one int per pixel, 0xAARRGGBB, alpha set to 0xFF. */
    private static final int TJPF_BGRA = 8, TJPF_ARGB = 10;
    private static final int FORMAT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? TJPF_BGRA : TJPF_ARGB;
    private static final int TJERR_FATAL = 1;
    private static final String UNAVAILABLE = load();

    private final Pointer handle;
    private Memory jpeg = new Memory(64 * 1024);
    private Memory pixels = new Memory(256 * 1024);
    /** {@link #pixels} seen as ints in native order: rows copied out by the JIT's own copy loop, not one JNI call a row. */
    private IntBuffer pixelInts = ints(pixels);

    private TurboJpeg(Pointer handle) {
        this.handle = handle;
        CLEANER.register(this, () -> tjDestroy(handle));
    }

    /** A decompressor, or empty when libjpeg-turbo is not there (said once in the log). */
    static Optional<TurboJpeg> create() {
        if (UNAVAILABLE != null) return Optional.empty();
        Pointer h = tjInitDecompress();
        return h == null ? Optional.empty() : Optional.of(new TurboJpeg(h));
    }

    /** Why libjpeg-turbo is not used, or null when it is. */
    static String unavailableReason() { return UNAVAILABLE; }

    /**
     * The image's size from its frame header (the first SOF marker, as libjpeg reads it):
     * {width, height}; null when there is none before the scan or the bytes are not a JPEG. Read
     * here rather than by a second libjpeg header pass ({@code tjDecompressHeader3}), which cost
     * about 2 % of decoding on many small rectangles; the decoder itself fails on anything this
     * walk accepts that is not a JPEG, and never writes outside the buffer of that size.
     */
    static int[] size(byte[] b, int off, int len) {
        int end = off + len, p = off;
        if (len < 4 || (b[p] & 0xFF) != 0xFF || (b[p + 1] & 0xFF) != 0xD8) return null;
        p += 2;
        while (p + 4 <= end) {
            if ((b[p] & 0xFF) != 0xFF) return null;
            int m = b[p + 1] & 0xFF;
            if (m == 0xFF) { p++; continue; } // fill byte
            if (m == 0xD8 || m == 0x01 || m >= 0xD0 && m <= 0xD7) { p += 2; continue; } // no length
            if (m == 0xDA || m == 0xD9) return null; // scan or end before any frame header
            int segment = (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
            boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof) {
                if (segment < 8 || p + 9 > end) return null;
                int h = (b[p + 5] & 0xFF) << 8 | b[p + 6] & 0xFF, w = (b[p + 7] & 0xFF) << 8 | b[p + 8] & 0xFF;
                return w < 1 || h < 1 ? null : new int[] {w, h};
            }
            if (segment < 2) return null;
            p += 2 + segment;
        }
        return null;
    }

    /**
     * Decodes the image {@code b[off, off+len)}, whose header said {@code w x h} (see {@link #size}),
     * into native memory (see {@link #copyTo}), or returns the library's reason when it cannot.
     * Warnings (a truncated scan) still give pixels, as in TigerVNC, whose libjpeg error manager
     * ignores them.
     */
    String decode(byte[] b, int off, int len, int w, int h) {
        load(b, off, len);
        long need = (long) w * h * 4;
        if (pixels.size() < need) {
            pixels = new Memory(need);
            pixelInts = ints(pixels);
        }
        int rc = tjDecompress2(handle, jpeg, new NativeLong(len), pixels, w, w * 4, h, FORMAT, 0);
        if (rc != 0 && tjGetErrorCode(handle) == TJERR_FATAL) return tjGetErrorStr2(handle);
        return null;
    }

    /** Copies the last decoded {@code w x h} image into {@code dst} (row stride {@code stride}) at (x, y). */
    void copyTo(int[] dst, int stride, int x, int y, int w, int h) {
        if (stride == w && x == 0) {
            pixelInts.get(0, dst, y * stride, w * h);
            return;
        }
        for (int row = 0; row < h; row++) pixelInts.get(row * w, dst, (y + row) * stride + x, w);
    }

    private static IntBuffer ints(Memory m) { return m.getByteBuffer(0, m.size()).order(ByteOrder.nativeOrder()).asIntBuffer(); }

    private void load(byte[] b, int off, int len) {
        if (jpeg.size() < len) jpeg = new Memory(Math.max(len, 2 * jpeg.size()));
        jpeg.write(0, b, off, len);
    }

    private static String load() {
        if ("imageio".equalsIgnoreCase(System.getProperty("rounds.jpeg", ""))) return "-Drounds.jpeg=imageio";
        try {
            Native.register(TurboJpeg.class, NativeLibrary.getInstance("turbojpeg"));
            log.debug("JPEG rectangles decoded by libjpeg-turbo");
            return null;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            String reason = "libturbojpeg not found (" + e.getMessage().lines().findFirst().orElse("") + ")";
            log.info("JPEG rectangles decoded by ImageIO, several times slower: {}", reason);
            return reason;
        }
    }

    private static native Pointer tjInitDecompress();

    private static native int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf,
            int width, int pitch, int height, int pixelFormat, int flags);

    private static native int tjGetErrorCode(Pointer handle);

    private static native String tjGetErrorStr2(Pointer handle);

    private static native int tjDestroy(Pointer handle);
}
