package io.flowsight.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: one magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the value.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** Writes the 5-byte header into the start of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /**
     * The schema id of a framed value.
     *
     * @throws SerializationException when {@code data} is not in the Confluent wire format
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Value on topic " + topic + " is " + data.length
                    + " bytes, too short for the Confluent wire format (5-byte header): it was not written by an "
                    + "Avro serializer that uses a schema registry.");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Value on topic " + topic + " starts with byte " + data[0]
                    + ", not the Confluent magic byte 0: it was not written by an Avro serializer that uses a "
                    + "schema registry.");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
