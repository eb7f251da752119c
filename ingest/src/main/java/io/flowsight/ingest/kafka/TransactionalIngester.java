package io.flowsight.ingest.kafka;

import io.flowsight.schemas.EventTime;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.ingest.source.EventTimeOrder;
import io.flowsight.ingest.source.InflationLimitExceeded;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.source.SourcePosition;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * Reads log sources into FlowSight's raw topics exactly once. Records, dead letters and the position reached in
 * each source go to Kafka in one transaction, committed every {@code flowsight.ingest.transaction.max.records}
 * records or {@code .max.ms}; a restart resumes each source at its last committed position, and the broker aborts
 * whatever the previous run left open. Consumers read with {@code isolation.level=read_committed}.
 *
 * <p>Line logs are parsed on a second thread ({@link LineConverter}) while this one sends, so decompression
 * and parsing overlap with the producer's work.
 */
public final class TransactionalIngester implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalIngester.class);
    private static final int BATCHES_IN_FLIGHT = 16;

    /** Lists the files to follow, again at every poll (so new files are picked up). */
    @FunctionalInterface
    public interface FileDiscovery {
        List<LocalFileSource> files() throws IOException;
    }

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final IngestProgress progress;
    private final KafkaProducer<byte[], byte[]> producer;
    private final OutgoingRecords outgoing;
    private final SourcePositionStore positionStore;
    private final Map<String, SourcePosition> positions;

    private long recordsInTransaction;
    private Instant transactionStart;
    private long records;
    private volatile long latestEventMillis = Long.MIN_VALUE;
    private long deadLetters;
    private long skipped;
    private final Set<String> sourcesRead = new HashSet<>();
    private final Set<String> sourcesAlreadyDone = new HashSet<>();
    private long sourcesTotal;
    /** Sources read before the current {@link #ingest} call: progress counts the call's own. */
    private int sourcesReadBefore;

    public TransactionalIngester(IngestConfig config, IngestMetrics metrics, IngestProgress progress, Clock clock)
            throws InterruptedException {
        this.config = config;
        this.metrics = metrics;
        this.progress = progress;
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
    }

    /** Ingests {@code sources} of one log type once; sources already complete are skipped. */
    /**
     * The producer's own metrics (send rate, batch sizes, transaction times, ...) as Micrometer meters; bind it to a
     * registry and close it before the ingester.
     */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(producer);
    }

    /**
     * The latest event time among the records sent so far, committed or not (records of a transaction aborted by a
     * stop are read again by the next run, with the same times). Safe to read from another thread, also after an
     * interrupted {@link #ingest}.
     */
    public Optional<Instant> latestEventTime() {
        long latest = latestEventMillis;
        return latest == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(latest));
    }

    /**
     * Reads {@code sources} of one type, in event-time order ({@link EventTimeOrder}) whatever order they are listed
     * in, so that a backfill over accounts and regions makes none of its own records late.
     */
    public IngestSummary ingest(LogType type, VpcFlowLogFormat vpcFormat, List<? extends Source> sources)
            throws IOException {
        sourcesTotal = sources.size();
        sourcesReadBefore = sourcesRead.size();
        for (Source source : new EventTimeOrder(type, vpcFormat).sort(sources)) {
            ingestOnce(type, vpcFormat, source, false);
        }
        LOG.info("Ingested {} sources ({} already done): {} records, {} dead letters", sourcesRead.size(),
                sourcesAlreadyDone.size(), records, deadLetters);
        return summary();
    }

    /**
     * Follows files as they grow: every {@code poll}, reads the new complete lines of each file {@code discovery}
     * lists (new files included; a file renamed by rotation keeps its position, a truncated one starts over),
     * until {@code stop} says so. Gzipped files and CloudTrail documents are read once, whole.
     */
    public IngestSummary follow(LogType type, VpcFlowLogFormat vpcFormat, FileDiscovery discovery, Duration poll,
                                BooleanSupplier stop) throws IOException, InterruptedException {
        while (!stop.getAsBoolean()) {
            boolean readAnything = false;
            for (LocalFileSource file : discovery.files()) {
                readAnything |= ingestOnce(type, vpcFormat, file, true);
            }
            if (!readAnything) {
                long until = System.nanoTime() + poll.toNanos();
                while (!stop.getAsBoolean() && System.nanoTime() < until) {
                    Thread.sleep(Math.min(50, Math.max(1, poll.toMillis())));
                }
            }
        }
        return summary();
    }

    /** Whether {@code sourceId} is known to be done: read to its end, or dead-lettered whole. */
    public boolean done(String sourceId) {
        SourcePosition position = positions.get(sourceId);
        return position != null && position.complete();
    }

    /**
     * Dead-letters an input as a whole, for one that cannot be read (an undecodable notification, an object that
     * keeps failing), and records it as done in the same transaction, so it is dead-lettered once however often it
     * is offered again.
     *
     * @param type   the log type it was to be read as, or null when unknown
     * @param reason the machine-readable reason, e.g. {@code bad_notification}
     */
    public void deadLetterWhole(String sourceId, String sourceName, LogType type, String reason, String error,
                                String payload) {
        beginTransaction();
        try {
            producer.send(outgoing.deadLetter(type, sourceName, reason, error, payload));
            deadLetters++;
            commit(new SourcePosition(sourceId, sourceName, 0, 0, true, null, 0, 0), true);
        } catch (ProducerFencedException e) {
            throw fenced(e);
        } catch (RuntimeException e) {
            abortAfter(e);
            throw e;
        }
    }

    /** Reads what is new in one source; returns whether there was anything. */
    private boolean ingestOnce(LogType type, VpcFlowLogFormat vpcFormat, Source source, boolean following)
            throws IOException {
        SourcePosition from = startingPosition(source);
        boolean growing = following && type.lineOriented() && !source.compressed();
        if (from.complete() && !growing) {
            sourcesAlreadyDone.add(source.id());
            return false;
        }
        if (growing) {
            long size = ((LocalFileSource) source).size();
            if (size < from.offset()) {
                LOG.info("{} is shorter than the {} bytes already read: it was truncated, reading it from the start",
                        source.name(), from.offset());
                from = SourcePosition.start(source);
            } else if (size == from.offset()) {
                return false;
            }
        }
        sourcesRead.add(source.id());
        beginTransaction();
        try {
            Source.Fingerprint fingerprint = source.fingerprint();
            SourcePosition end = type.lineOriented()
                    ? ingestLines(type, parserFor(type, vpcFormat, from), source, from, fingerprint, growing)
                    : ingestCloudTrail(source, from, fingerprint);
            commit(end, source.resumable());
            progress.update(source.name(), sourcesRead.size() - sourcesReadBefore, sourcesTotal, records,
                    deadLetters);
            return true;
        } catch (ProducerFencedException e) {
            throw fenced(e);
        } catch (IOException | RuntimeException e) {
            abortAfter(e);
            throw e;
        }
    }

    private IllegalStateException fenced(ProducerFencedException e) {
        return new IllegalStateException("Another ingester with transactional id '" + config.transactionalId()
                + "' started, so this one stops: give concurrent ingesters different "
                + IngestConfig.TRANSACTIONAL_ID_CONFIG + " values.", e);
    }

    private SourcePosition startingPosition(Source source) throws IOException {
        if (!source.resumable()) {
            return SourcePosition.start(source);
        }
        SourcePosition stored = positions.get(source.id());
        if (stored == null) {
            return SourcePosition.start(source);
        }
        if (!source.sameContentAs(stored)) {
            LOG.info("{} has new content under a known identity (a reused inode?): reading it from the start",
                    source.name());
            return SourcePosition.start(source);
        }
        return stored;
    }

    private SourcePosition ingestLines(LogType type, LineParser<?> parser, Source source, SourcePosition from,
                                       Source.Fingerprint fingerprint, boolean growing) throws IOException {
        BlockingQueue<ConvertedBatch> batches = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        Thread converter = new Thread(new LineConverter(type, parser, source, from, fingerprint, growing, outgoing,
                batches, config.maxLineBytes(), config.inflationLimit()), "flowsight-ingest-parser");
        converter.setDaemon(true);
        converter.start();
        try {
            while (true) {
                ConvertedBatch batch = batches.take();
                if (batch.failure() instanceof IOException io) {
                    throw io;
                }
                if (batch.failure() != null) {
                    throw new IllegalStateException("Reading " + source.name() + " failed: "
                            + batch.failure().getMessage(), batch.failure());
                }
                send(type, batch);
                if (batch.last()) {
                    return batch.position();
                }
                if (transactionDue()) {
                    commit(batch.position(), source.resumable());
                    beginTransaction();
                }
                progress.update(source.name(), sourcesRead.size() - sourcesReadBefore - 1, sourcesTotal, records,
                        deadLetters);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while ingesting " + source.name());
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
        if (batch.withExtraFields() > 0) {
            metrics.extraFieldsKept(type, batch.withExtraFields());
        }
        recordsInTransaction += batch.records().size();
        latestEventMillis = Math.max(latestEventMillis, batch.latestEventMillis());
    }

    private SourcePosition ingestCloudTrail(Source source, SourcePosition from, Source.Fingerprint fingerprint)
            throws IOException {
        byte[] bytes;
        try (InputStream in = config.inflationLimit().guard(source.open(0))) {
            bytes = in.readNBytes(config.maxDocumentBytes() + 1);
        } catch (InflationLimitExceeded bomb) {
            sendDeadLetter(outgoing.deadLetter(LogType.CLOUDTRAIL, source.name(), null, bomb.inflatedBytes(),
                    bomb.rejection(), ""),
                    RejectReason.DECOMPRESSION_BOMB);
            return from.advancedTo(bomb.inflatedBytes(), 0, true, null, fingerprint);
        }
        metrics.bytesRead(LogType.CLOUDTRAIL, bytes.length);
        if (bytes.length > config.maxDocumentBytes()) {
            ParseException error = CloudTrailParser.documentTooLarge(config.maxDocumentBytes());
            sendDeadLetter(outgoing.deadLetter(LogType.CLOUDTRAIL, source.name(), null, 0L, error,
                    new String(bytes, 0, Math.min(bytes.length, OutgoingRecords.MAX_DEAD_LETTER_PAYLOAD),
                            StandardCharsets.UTF_8)),
                    error.reason());
            return from.advancedTo(bytes.length, 0, true, null, fingerprint);
        }
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
                    latestEventMillis = Math.max(latestEventMillis,
                            EventTime.millisOf(outcome.event()).orElse(Long.MIN_VALUE));
                    metrics.recordProduced(LogType.CLOUDTRAIL);
                    records++;
                } else {
                    ParseException error = new ParseException(outcome.error().reason(),
                            "event " + (outcome.index() + 1) + ": " + outcome.error().getMessage());
                    sendDeadLetter(outgoing.deadLetter(LogType.CLOUDTRAIL, source.name(), null, null, error,
                            outcome.json()), error.reason());
                }
            }
        } catch (ParseException e) {
            sendDeadLetter(outgoing.deadLetter(LogType.CLOUDTRAIL, source.name(), null, 0L, e, text), e.reason());
        }
        return from.advancedTo(bytes.length, 0, true, null, fingerprint);
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
                        + "' of " + from.name() + " no longer parses: " + e.getMessage(), e);
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

    private void commit(SourcePosition position, boolean store) {
        if (store) {
            producer.send(positionStore.record(position));
        }
        producer.commitTransaction();
        if (store) {
            positions.put(position.sourceId(), position);
        }
    }

    /**
     * Aborts the transaction {@code cause} interrupted. An abort that fails too (also one refused because the
     * failure came between two transactions) is kept beside the cause, never in its place: the cause is what the user
     * must read.
     */
    private void abortAfter(Exception cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.debug("Abort after a failure failed too", e);
            cause.addSuppressed(e);
        }
    }

    /** What this ingester has done since it was made. */
    public IngestSummary summary() {
        return new IngestSummary(sourcesRead.size(), sourcesAlreadyDone.size(), records, deadLetters, skipped,
                latestEventTime());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        outgoing.close();
    }
}
