package io.flowsight.notify;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The start of a receiver's response body, kept with a failure so a person can see what the receiver said. Bounded,
 * because it travels in a dead-letter record and a misbehaving receiver may answer with megabytes.
 */
public final class BodyExcerpt {
    /** At most this many bytes of a response are read and kept. */
    public static final int MAX_BYTES = 4096;

    private BodyExcerpt() {
    }

    /** The text of {@code bytes}, of which at most {@link #MAX_BYTES} are used, never ending in half a character. */
    public static String of(byte[] bytes) {
        int length = Math.min(bytes.length, MAX_BYTES);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(length);
        // endOfInput=false: a multi-byte character cut by the limit is left out instead of becoming a replacement mark.
        decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, length == bytes.length);
        out.flip();
        return out.toString();
    }
}
