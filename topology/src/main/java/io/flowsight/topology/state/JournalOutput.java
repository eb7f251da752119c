package io.flowsight.topology.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that values are encoded into in place (big-endian, as {@link java.nio.ByteBuffer} writes
 * them): a commit journals hundreds of thousands of values, and an array per value, then a copy of it into the journal
 * entry, was a tenth of the stream thread (BENCHMARKS.md, "Where the rest goes").
 */
public final class JournalOutput {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int length;

    public JournalOutput(int capacity) {
        this.buffer = new byte[Math.max(16, capacity)];
    }

    public JournalOutput put(byte value) {
        ensure(1);
        buffer[length++] = value;
        return this;
    }

    public JournalOutput putInt(int value) {
        ensure(4);
        INT.set(buffer, length, value);
        length += 4;
        return this;
    }

    public JournalOutput putLong(long value) {
        ensure(8);
        LONG.set(buffer, length, value);
        length += 8;
        return this;
    }

    public JournalOutput putDouble(double value) {
        return putLong(Double.doubleToRawLongBits(value));
    }

    public JournalOutput put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    /** The text's UTF-8 bytes after their count as an int; ASCII text (addresses, ports) is copied char by char. */
    public JournalOutput putText(String text) {
        int chars = text.length();
        ensure(4 + chars);
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                return putInt(utf8.length).put(utf8);
            }
            buffer[length + 4 + i] = (byte) c;
        }
        INT.set(buffer, length, chars);
        length += 4 + chars;
        return this;
    }

    /** Overwrites the int at {@code position} (a count written before what it counts). */
    public void setInt(int position, int value) {
        INT.set(buffer, position, value);
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
