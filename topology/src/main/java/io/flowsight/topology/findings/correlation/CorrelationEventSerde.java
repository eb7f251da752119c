package io.flowsight.topology.findings.correlation;

import io.flowsight.schemas.Finding;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CorrelationEvent}s on the correlation repartition topics and in the correlation window store: the strings
 * length-prefixed, then the finding in Avro binary. Internal to the topology (its own topics and changelogs), so it
 * needs no schema registry; the finding's schema is the one this build was compiled with.
 */
public final class CorrelationEventSerde implements Serde<CorrelationEvent> {
    private static final byte VERSION = 1;
    private static final byte[] NULL = new byte[0];

    @Override
    public Serializer<CorrelationEvent> serializer() {
        return (topic, event) -> event == null ? null : write(event);
    }

    @Override
    public Deserializer<CorrelationEvent> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private static byte[] write(CorrelationEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeText(out, event.correlationId());
            out.writeInt(event.groupValues().size());
            for (String value : event.groupValues()) {
                writeText(out, value);
            }
            writeText(out, event.rule());
            out.writeBoolean(event.value() != null);
            if (event.value() != null) {
                writeText(out, event.value());
            }
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<>(Finding.class).write(event.finding(), encoder);
        } catch (IOException e) {
            throw new SerializationException("Could not write a correlation event.", e);
        }
        return bytes.toByteArray();
    }

    private static CorrelationEvent read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("A correlation event of format version " + version
                        + " cannot be read by this version of FlowSight, which writes version " + VERSION + ".");
            }
            String correlationId = readText(in);
            int groupSize = in.readInt();
            List<String> groupValues = new ArrayList<>(groupSize);
            for (int i = 0; i < groupSize; i++) {
                groupValues.add(readText(in));
            }
            String rule = readText(in);
            String value = in.readBoolean() ? readText(in) : null;
            BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(in, null);
            Finding finding = new SpecificDatumReader<>(Finding.class).read(null, decoder);
            return new CorrelationEvent(correlationId, List.copyOf(groupValues), rule, value, finding);
        } catch (IOException e) {
            throw new SerializationException("Could not read a correlation event.", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text == null ? NULL : text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
