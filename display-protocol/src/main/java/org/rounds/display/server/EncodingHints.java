package org.rounds.display.server;

import java.util.List;
import org.rounds.display.internal.Encodings;

/**
 * What a viewer's SetEncodings says besides the encodings themselves: the tight-compress-N
 * level (zlib level, default 2 as in TigerVNC) and the tight-quality-N JPEG level (-1: none,
 * so Tight stays lossless). The first of each in the list wins.
 */
record EncodingHints(int compressLevel, int jpegQuality) {
    static final int DEFAULT_COMPRESS = 2;

    static EncodingHints of(List<Integer> clientOrder) {
        int compress = -1, quality = -1;
        for (int e : clientOrder) {
            if (compress < 0 && e >= Encodings.TIGHT_COMPRESS_0 && e <= Encodings.TIGHT_COMPRESS_0 + 9) compress = e - Encodings.TIGHT_COMPRESS_0;
            if (quality < 0 && e >= Encodings.TIGHT_QUALITY_0 && e <= Encodings.TIGHT_QUALITY_0 + 9) quality = e - Encodings.TIGHT_QUALITY_0;
        }
        return new EncodingHints(compress < 0 ? DEFAULT_COMPRESS : compress, quality);
    }
}
