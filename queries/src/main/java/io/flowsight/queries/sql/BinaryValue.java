package io.flowsight.queries.sql;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A BLOB cell, such as a dead letter's payload. Mostly it holds a log line, so it is shown as text when it is valid
 * UTF-8; anything else is shown as base64 for scripts and as hex for people.
 */
public final class BinaryValue {
    private final byte[] bytes;

    public BinaryValue(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes as text when they are valid UTF-8. */
    public Optional<String> utf8() {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** For JSON and CSV: the UTF-8 text, else standard base64 (RFC 4648, padded). */
    public String forScripts() {
        return utf8().orElseGet(() -> Base64.getEncoder().encodeToString(bytes));
    }

    /** For the table: the UTF-8 text, else {@code 0x} and lower-case hex. */
    public String forPeople() {
        return utf8().orElseGet(() -> "0x" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinaryValue binary && Arrays.equals(bytes, binary.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return forScripts();
    }
}
