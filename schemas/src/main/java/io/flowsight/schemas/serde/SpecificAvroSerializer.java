package io.flowsight.schemas.serde;

import io.flowsight.schemas.registry.RegisteredSchema;
import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryException;
import io.flowsight.schemas.registry.SubjectNaming;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes generated Avro records in the Confluent wire format, registering or looking up their schema under
 * the topic's subject ({@code <topic>-value} or {@code <topic>-key}).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    static {
        TrustedAvroClasses.install();
    }

    private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

    private SchemaRegistryClient registry;
    private final boolean ownsRegistry;
    private final Clock clock;
    private boolean isKey;
    private boolean autoRegister;
    private boolean useLatestVersion;
    private Duration latestTtl;

    private final Map<String, Map<Schema, Writer>> writersByTopic = new ConcurrentHashMap<>();
    private final Map<String, CachedLatest> latestBySubject = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation: the registry client is built from the configuration. */
    public SpecificAvroSerializer() {
        this(null, Clock.systemUTC());
    }

    /** Uses {@code registry}, which the caller keeps and closes. */
    public SpecificAvroSerializer(SchemaRegistryClient registry) {
        this(registry, Clock.systemUTC());
    }

    SpecificAvroSerializer(SchemaRegistryClient registry, Clock clock) {
        this.registry = registry;
        this.ownsRegistry = registry == null;
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
        this.latestTtl = config.latestCacheTtl();
        if (registry == null) {
            registry = new RestSchemaRegistryClient(config);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("Call configure() with schema.registry.url before serializing.");
        }
        Writer writer;
        try {
            writer = writerFor(topic, record.getSchema());
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize " + record.getSchema().getFullName() + " for topic "
                    + topic + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] header = new byte[ConfluentWireFormat.HEADER_SIZE];
        ConfluentWireFormat.writeHeader(header, writer.schemaId());
        out.writeBytes(header);
        try {
            // A buffered encoder, reused per thread: writing field by field straight into the
            // (synchronized) ByteArrayOutputStream costs more than the encoding itself.
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODERS.get());
            ENCODERS.set(encoder);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot serialize " + record.getSchema().getFullName() + " for topic "
                    + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private Writer writerFor(String topic, Schema recordSchema) {
        if (useLatestVersion && !autoRegister) {
            String subject = SubjectNaming.subjectFor(topic, isKey);
            RegisteredSchema latest = latest(subject);
            Schema latestSchema = new Schema.Parser().parse(latest.schema());
            return latestSchema.equals(recordSchema)
                    ? Writer.direct(latest.id(), recordSchema)
                    : Writer.converting(latest.id(), recordSchema, latestSchema);
        }
        // Keyed by topic, not subject: topic names are constants whose hash is cached, and this runs per record.
        Map<Schema, Writer> writers = writersByTopic.get(topic);
        if (writers == null) {
            writers = writersByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        }
        Writer writer = writers.get(recordSchema);
        if (writer == null) {
            String subject = SubjectNaming.subjectFor(topic, isKey);
            writer = writers.computeIfAbsent(recordSchema, schema -> Writer.direct(idFor(subject, schema), schema));
        }
        return writer;
    }

    private int idFor(String subject, Schema schema) {
        if (autoRegister) {
            return registry.register(subject, schema);
        }
        try {
            return registry.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new SchemaRegistryException(e.httpStatus(), e.errorCode(), "schema "
                        + schema.getFullName() + " is not registered under subject '" + subject
                        + "' and auto.register.schemas=false: register it first or set auto.register.schemas=true.",
                        e);
            }
            throw e;
        }
    }

    private RegisteredSchema latest(String subject) {
        Instant now = clock.instant();
        CachedLatest cached = latestBySubject.get(subject);
        if (cached == null || !now.isBefore(cached.fetchedAt().plus(latestTtl))) {
            cached = new CachedLatest(registry.latest(subject), now);
            latestBySubject.put(subject, cached);
        }
        return cached.schema();
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    private record CachedLatest(RegisteredSchema schema, Instant fetchedAt) {
    }

    /** How a record is written after the header. */
    @FunctionalInterface
    private interface Encoding {
        void write(SpecificRecord record, BinaryEncoder encoder) throws IOException;
    }

    /** How a record is encoded for one registered schema id. */
    private record Writer(int schemaId, Encoding encoding) {

        void write(SpecificRecord record, BinaryEncoder encoder) throws IOException {
            encoding.write(record, encoder);
        }

        static Writer direct(int id, Schema schema) {
            Optional<CompiledRecordEncoder> compiled = CompiledRecordEncoder.compile(schema);
            if (compiled.isPresent()) {
                return new Writer(id, compiled.get()::write);
            }
            DatumWriter<SpecificRecord> datumWriter = new SpecificDatumWriter<>(schema, SpecificData.get());
            return new Writer(id, datumWriter::write);
        }

        /** Re-encodes the record in the registry's latest schema by Avro schema resolution. */
        static Writer converting(int id, Schema recordSchema, Schema latestSchema) {
            DatumWriter<SpecificRecord> recordWriter = new SpecificDatumWriter<>(recordSchema, SpecificData.get());
            GenericDatumReader<Object> resolver = new GenericDatumReader<>(recordSchema, latestSchema);
            GenericDatumWriter<Object> latestWriter = new GenericDatumWriter<>(latestSchema);
            return new Writer(id, (record, encoder) -> {
                ByteArrayOutputStream asRecord = new ByteArrayOutputStream();
                BinaryEncoder recordEncoder = EncoderFactory.get().directBinaryEncoder(asRecord, null);
                recordWriter.write(record, recordEncoder);
                recordEncoder.flush();
                Object converted;
                try {
                    converted = resolver.read(null, DecoderFactory.get().binaryDecoder(asRecord.toByteArray(), null));
                } catch (AvroTypeException e) {
                    throw new SerializationException("use.latest.version: the latest schema "
                            + latestSchema.getFullName() + " cannot represent this record: " + e.getMessage(), e);
                }
                latestWriter.write(converted, encoder);
            });
        }
    }
}
