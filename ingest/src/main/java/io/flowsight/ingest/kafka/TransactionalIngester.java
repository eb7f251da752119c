package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.ingest.source.DecompressingInput;
import io.flowsight.ingest.source.SourcePosition;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
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
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads log files into FlowSight's raw topics exactly once. Records, dead letters and the position reached in
 * each file go to Kafka in one transaction, committed every {@code flowsight.ingest.transaction.max.records}
 * records or {@code .max.ms}; a restart resumes each file at its last committed position, and the broker aborts
 * whatever the previous run left open. Consumers read with {@code isolation.level=read_committed}.
 *
 * <p>Line logs are parsed on a second thread ({@link LineConverter}) while this one sends, so decompression
 * and parsing overlap with the producer's work.
 */
public final class TransactionalIngester implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalIngester.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final int BATCHES_IN_FLIGHT = 16;

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final OutgoingRecords outgoing;
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
        outgoing = new OutgoingRecords(config, clock);
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
                        ? ingestLines(type, parserFor(type, vpcFormat, position), file, position)
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

    private SourcePosition ingestLines(LogType type, LineParser<?> parser, Path file, SourcePosition from)
            throws IOException {
        BlockingQueue<ConvertedBatch> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        Thread converter = new Thread(new LineConverter(type, parser, file, from, outgoing, batches),
                "flowsight-ingest-parser");
        converter.setDaemon(true);
        converter.start();
        try {
            while (true) {
                ConvertedBatch batch = batches.take();
                if (batch.failure() instanceof IOException io) {
                    throw io;
                }
                if (batch.failure() != null) {
                    throw new IllegalStateException("Reading " + file + " failed: " + batch.failure().getMessage(),
                            batch.failure());
                }
                send(type, batch);
                if (batch.position().complete()) {
                    return batch.position();
                }
                if (transactionDue()) {
                    commit(batch.position());
                    beginTransaction();
                }
                reportProgress(file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while ingesting " + file);
        } finally {
            converter.interrupt();
        }
    }

    private void send(LogType type, ConvertedBatch batch) {
        metrics.bytesRead(type, batch.bytesRead());
        for (int i = 0; i < batch.records().size(); i++) {
            producer.send(batch.records().get(i));
            RejectReason rejected = batch.rejected().get(i);
            if (rejected == null) {
                metrics.recordProduced(type);
                records++;
            } else {
                metrics.rejected(type, rejected);
                deadLetters++;
            }
        }
        for (long i = 0; i < batch.skipped(); i++) {
            metrics.controlMessageSkipped();
        }
        skipped += batch.skipped();
        recordsInTransaction += batch.records().size();
    }

    private SourcePosition ingestCloudTrail(Path file, SourcePosition from) throws IOException {
        byte[] bytes;
        try (InputStream raw = Files.newInputStream(file); InputStream in = DecompressingInput.open(raw)) {
            bytes = in.readAllBytes();
        }
        metrics.bytesRead(LogType.CLOUDTRAIL, bytes.length);
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            CloudTrailParser.Document document = new CloudTrailParser().parseDocument(text);
            if (document.digest()) {
                metrics.digestSkipped();
                skipped++;
            }
            for (CloudTrailParser.Outcome outcome : document.events()) {
                if (outcome.parsed()) {
                    producer.send(outgoing.record(LogType.CLOUDTRAIL, outcome.event()));
                    metrics.recordProduced(LogType.CLOUDTRAIL);
                    records++;
                } else {
                    ParseException error = new ParseException(outcome.error().reason(),
                            "event " + (outcome.index() + 1) + ": " + outcome.error().getMessage());
                    sendDeadLetter(outgoing.deadLetter(LogType.CLOUDTRAIL, from.sourceId(), null, null, error,
                            outcome.json()), error.reason());
                }
            }
        } catch (ParseException e) {
            sendDeadLetter(outgoing.deadLetter(LogType.CLOUDTRAIL, from.sourceId(), null, 0L, e, text), e.reason());
        }
        return new SourcePosition(from.sourceId(), bytes.length, 0, true, null);
    }

    private void sendDeadLetter(ProducerRecord<byte[], byte[]> letter, RejectReason reason) {
        producer.send(letter);
        metrics.rejected(LogType.CLOUDTRAIL, reason);
        deadLetters++;
    }

    private LineParser<?> parserFor(LogType type, VpcFlowLogFormat vpcFormat, SourcePosition from) {
        if (type != LogType.VPC) {
            return type.newLineParser(vpcFormat);
        }
        VpcFlowLogFormat format = vpcFormat;
        if (from.vpcFormat() != null) {
            try {
                format = VpcFlowLogFormat.parse(from.vpcFormat());
            } catch (ParseException e) {
                throw new IllegalStateException("The stored flow-log format '" + from.vpcFormat()
                        + "' of " + from.sourceId() + " no longer parses: " + e.getMessage(), e);
            }
        }
        return new VpcFlowLogParser(format, clock::instant);
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

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        outgoing.close();
    }
}
