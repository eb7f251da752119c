package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.envelope.LogEnvelope;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.source.DecompressingInput;
import io.flowsight.ingest.source.LineReader;
import io.flowsight.ingest.source.SourcePosition;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads log files into FlowSight's raw topics exactly once. Records, dead letters and the position reached in
 * each file go to Kafka in one transaction, committed every {@code flowsight.ingest.transaction.max.records}
 * records or {@code .max.ms}; a restart resumes each file at its last committed position, and the broker aborts
 * whatever the previous run left open. Consumers read with {@code isolation.level=read_committed}.
 */
public final class TransactionalIngester implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalIngester.class);
    /** Dead-letter payloads are capped below Kafka's default 1 MB message limit. */
    private static final int MAX_DEAD_LETTER_PAYLOAD = 512 * 1024;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    private final SourcePositionStore positionStore;
    private final Map<String, SourcePosition> positions;

    private long recordsInTransaction;
    private Instant transactionStart;
    private long records;
    private long deadLetters;
    private long skipped;
    private Instant lastProgress;

    public TransactionalIngester(IngestConfig config, IngestMetrics metrics, Clock clock) throws InterruptedException {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        Map<String, Object> clients = config.clientProperties();
        try (Admin admin = Admin.create(clients)) {
            FlowSightTopics.ensure(admin, config);
        }
        values.configure(clients, false);
        positionStore = new SourcePositionStore(config.positionsTopic());
        positions = new HashMap<>(positionStore.load(clients));
        Map<String, Object> producerProperties = new HashMap<>(clients);
        producerProperties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producerProperties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerProperties.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        // Fences an earlier ingester with the same transactional id and aborts the transaction it left open.
        producer.initTransactions();
        lastProgress = clock.instant();
    }

    /** Ingests {@code files} of one log type; files already complete are skipped. */
    public IngestSummary ingest(LogType type, VpcFlowLogFormat vpcFormat, List<Path> files) throws IOException {
        long done = 0;
        long read = 0;
        for (Path file : files) {
            String sourceId = file.toAbsolutePath().normalize().toString();
            SourcePosition position = positions.getOrDefault(sourceId, SourcePosition.start(sourceId));
            if (position.complete()) {
                done++;
                continue;
            }
            read++;
            beginTransaction();
            try {
                SourcePosition end = type.lineOriented()
                        ? ingestLines(type, vpcFormat, file, position)
                        : ingestCloudTrail(file, position);
                commit(end);
            } catch (ProducerFencedException e) {
                throw new IllegalStateException("Another ingester with transactional id '" + config.transactionalId()
                        + "' started, so this one stops: give concurrent ingesters different "
                        + IngestConfig.TRANSACTIONAL_ID_CONFIG + " values.", e);
            } catch (IOException | RuntimeException e) {
                abortQuietly();
                throw e;
            }
        }
        LOG.info("Ingested {} files ({} already done): {} records, {} dead letters", read, done, records, deadLetters);
        return new IngestSummary(read, done, records, deadLetters, skipped);
    }

    private SourcePosition ingestLines(LogType type, VpcFlowLogFormat vpcFormat, Path file, SourcePosition from)
            throws IOException {
        String sourceId = from.sourceId();
        VpcFlowLogParser vpcParser = null;
        LineParser<?> parser;
        if (type == LogType.VPC) {
            VpcFlowLogFormat resumed = from.vpcFormat() == null ? vpcFormat : formatOf(from.vpcFormat());
            vpcParser = new VpcFlowLogParser(resumed, clock::instant);
            parser = vpcParser;
        } else {
            parser = type.newLineParser(vpcFormat);
        }
        String topic = config.topicName(type.topic());
        try (InputStream raw = Files.newInputStream(file); InputStream in = DecompressingInput.open(raw)) {
            LineReader.skipFully(in, from.offset());
            LineReader reader = new LineReader(in, from.offset(), from.line());
            String line;
            while ((line = reader.next()) != null) {
                metrics.bytesRead(type, reader.offset() - reader.lineStart());
                handleLine(type, topic, parser, sourceId, reader, line);
                if (transactionDue()) {
                    commit(new SourcePosition(sourceId, reader.offset(), reader.lineNumber(), false,
                            vpcParser == null ? null : vpcParser.format().headerLine()));
                    beginTransaction();
                }
                reportProgress(file);
            }
            return new SourcePosition(sourceId, reader.offset(), reader.lineNumber(), true,
                    vpcParser == null ? null : vpcParser.format().headerLine());
        }
    }

    private void handleLine(LogType type, String topic, LineParser<?> parser, String sourceId, LineReader reader,
                            String line) {
        List<String> messages;
        try {
            Optional<LogEnvelope.Contents> envelope = LogEnvelope.open(line);
            if (envelope.isPresent() && envelope.get().control()) {
                metrics.controlMessageSkipped();
                skipped++;
            }
            messages = envelope.map(LogEnvelope.Contents::messages).orElse(List.of(line));
        } catch (ParseException e) {
            deadLetter(type, sourceId, reader.lineNumber(), reader.lineStart(), e, line);
            return;
        }
        for (String message : messages) {
            try {
                Optional<?> record = parser.parse(message);
                if (record.isPresent()) {
                    send(topic, (SpecificRecord) record.get(), type);
                }
            } catch (ParseException e) {
                deadLetter(type, sourceId, reader.lineNumber(), reader.lineStart(), e, message);
            }
        }
    }

    private SourcePosition ingestCloudTrail(Path file, SourcePosition from) throws IOException {
        byte[] bytes;
        try (InputStream raw = Files.newInputStream(file); InputStream in = DecompressingInput.open(raw)) {
            bytes = in.readAllBytes();
        }
        metrics.bytesRead(LogType.CLOUDTRAIL, bytes.length);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String topic = config.topicName(Topic.RAW_CLOUDTRAIL);
        try {
            CloudTrailParser.Document document = new CloudTrailParser().parseDocument(text);
            if (document.digest()) {
                metrics.digestSkipped();
                skipped++;
            }
            for (CloudTrailParser.Outcome outcome : document.events()) {
                if (outcome.parsed()) {
                    send(topic, outcome.event(), LogType.CLOUDTRAIL);
                } else {
                    ParseException error = new ParseException(outcome.error().reason(),
                            "event " + (outcome.index() + 1) + ": " + outcome.error().getMessage());
                    deadLetter(LogType.CLOUDTRAIL, from.sourceId(), null, null, error, outcome.json());
                }
            }
        } catch (ParseException e) {
            deadLetter(LogType.CLOUDTRAIL, from.sourceId(), null, 0L, e, text);
        }
        return new SourcePosition(from.sourceId(), bytes.length, 0, true, null);
    }

    private void send(String topic, SpecificRecord record, LogType type) {
        String key = RecordKeys.keyOf(record);
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                values.serialize(topic, record)));
        metrics.recordProduced(type);
        records++;
        recordsInTransaction++;
    }

    private void deadLetter(LogType type, String sourceId, Long line, Long offset, ParseException error, String raw) {
        byte[] payload = raw.getBytes(StandardCharsets.UTF_8);
        String message = error.getMessage();
        if (payload.length > MAX_DEAD_LETTER_PAYLOAD) {
            message += " (payload truncated to its first " + MAX_DEAD_LETTER_PAYLOAD + " of " + payload.length
                    + " bytes)";
            payload = Arrays.copyOf(payload, MAX_DEAD_LETTER_PAYLOAD);
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setSource(sourceId).setLogType(type.cliName()).setLineNumber(line).setByteOffset(offset)
                .setReason(error.reason().code()).setError(message).setPayload(ByteBuffer.wrap(payload))
                .setRecordTime(null).setEventTime(clock.instant())
                .build();
        String topic = config.topicName(Topic.DEAD_LETTER);
        producer.send(new ProducerRecord<>(topic, sourceId.getBytes(StandardCharsets.UTF_8),
                values.serialize(topic, letter)));
        metrics.rejected(type, error.reason());
        deadLetters++;
        recordsInTransaction++;
    }

    private boolean transactionDue() {
        return recordsInTransaction >= config.transactionMaxRecords()
                || Duration.between(transactionStart, clock.instant()).compareTo(config.transactionMaxTime()) >= 0;
    }

    private void beginTransaction() {
        producer.beginTransaction();
        recordsInTransaction = 0;
        transactionStart = clock.instant();
    }

    private void commit(SourcePosition position) {
        producer.send(positionStore.record(position));
        producer.commitTransaction();
        positions.put(position.sourceId(), position);
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.debug("Abort after a failure failed too", e);
        }
    }

    private void reportProgress(Path file) {
        Instant now = clock.instant();
        if (Duration.between(lastProgress, now).compareTo(PROGRESS_EVERY) >= 0) {
            LOG.info("Ingesting {}: {} records, {} dead letters so far", file.getFileName(), records, deadLetters);
            lastProgress = now;
        }
    }

    private static VpcFlowLogFormat formatOf(String headerLine) {
        try {
            return VpcFlowLogFormat.parse(headerLine);
        } catch (ParseException e) {
            throw new IllegalStateException("The stored flow-log format '" + headerLine + "' no longer parses: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        values.close();
    }
}
