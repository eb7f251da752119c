package io.flowsight.topology.state;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal's encoding is ByteBuffer's, so journals written before it was introduced read the same. */
class JournalOutputTest {
    @Test
    void numbersAndTextAreEncodedAsByteBufferEncodesThem() {
        byte[] utf8 = "eni-0a·é✓".getBytes(StandardCharsets.UTF_8);
        ByteBuffer expected = ByteBuffer.allocate(200).put((byte) 7).putInt(-2).putLong(Long.MIN_VALUE + 3)
                .putDouble(Double.POSITIVE_INFINITY).putInt(8).put("10.0.0.1".getBytes(StandardCharsets.US_ASCII))
                .putInt(utf8.length).put(utf8).putInt(0);

        JournalOutput out = new JournalOutput(1);
        out.put((byte) 7).putInt(-2).putLong(Long.MIN_VALUE + 3).putDouble(Double.POSITIVE_INFINITY)
                .putText("10.0.0.1").putText("eni-0a·é✓").putText("");

        assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOf(expected.array(), expected.position()));
    }

    @Test
    void aCountWrittenBeforeWhatItCountsIsFilledInAfter() {
        JournalOutput out = new JournalOutput(4);
        out.putInt(0).putLong(42);
        out.setInt(0, 8);

        assertThat(out.toByteArray()).isEqualTo(ByteBuffer.allocate(12).putInt(8).putLong(42).array());
    }
}
