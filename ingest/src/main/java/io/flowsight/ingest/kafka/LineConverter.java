package io.flowsight.ingest.kafka;

import io.flowsight.schemas.EventTime;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.parse.EnvelopedLines;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.ingest.source.InflationLimit;
import io.flowsight.ingest.source.InflationLimitExceeded;
import io.flowsight.ingest.source.LineReader;
import io.flowsight.ingest.source.LogTextReaders;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.source.SourcePosition;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.AlbConnectionLogEntry;
import io.flowsight.schemas.AlbLogEntry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * The parsing half of line ingest, run on its own thread: reads a (possibly gzipped) source from a position, as
 * lines or, for pretty-printed JSON, as JSON values ({@link LogTextReaders}), opens envelopes, parses and serializes, and hands batches of ready records to the sending thread. Running it
 * beside the producer lets decompression and parsing overlap with sending.
 */
final class LineConverter implements Runnable {
    private static final int LINES_PER_BATCH = 1024;

    private final LogType type;
    private final LineParser<?> parser;
    private final Source source;
    private final SourcePosition from;
    private final Source.Fingerprint fingerprint;
    private final boolean following;
    private final OutgoingRecords outgoing;
    private final BlockingQueue<ConvertedBatch> batches;
    private final int maxLineBytes;
    private final InflationLimit inflationLimit;

    /**
     * @param following whether the source is a file still being written: then an unfinished last line waits for
     *                  the next pass and the source is never complete
     */
    LineConverter(LogType type, LineParser<?> parser, Source source, SourcePosition from,
                  Source.Fingerprint fingerprint, boolean following, OutgoingRecords outgoing,
                  BlockingQueue<ConvertedBatch> batches, int maxLineBytes, InflationLimit inflationLimit) {
        this.type = type;
        this.parser = parser;
        this.source = source;
        this.from = from;
        this.fingerprint = fingerprint;
        this.following = following;
        this.outgoing = outgoing;
        this.batches = batches;
        this.maxLineBytes = maxLineBytes;
        this.inflationLimit = inflationLimit;
    }

    @Override
    public void run() {
        try {
            convert();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // Errors too (an OutOfMemoryError above all): the sending thread waits for this thread's batches, and
            // must learn that none will come instead of waiting for ever.
            try {
                batches.put(ConvertedBatch.failed(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void convert() throws IOException, InterruptedException {
        try (InputStream in = inflationLimit.guard(source.open(from.offset()))) {
            LineReader reader = LogTextReaders.open(in, from.offset(), from.line(), maxLineBytes);
            if (following) {
                reader.stopAtIncompleteLine();
            }
            Batch batch = new Batch();
            String line;
            long before = reader.offset();
            while ((line = nextLine(reader, batch)) != null) {
                // From the end of the previous entry: blank space skipped between JSON values is read too.
                batch.bytesRead += reader.offset() - before;
                before = reader.offset();
                if (reader.lineTooLong()) {
                    rejectLongLine(reader, line, batch);
                } else {
                    convertLine(reader, line, batch);
                }
                if (++batch.lines == LINES_PER_BATCH) {
                    batches.put(batch.done(position(reader, false), false));
                    batch = new Batch();
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }
            batches.put(batch.done(position(reader, !following), true));
        }
    }

    /**
     * The next line, or null at the end: also when the source inflates past its limit, which dead-letters the source
     * once (with the position where reading stopped) and ends it as if it were complete, so it is not read again.
     */
    private String nextLine(LineReader reader, Batch batch) throws IOException {
        try {
            return reader.next();
        } catch (InflationLimitExceeded bomb) {
            batch.add(outgoing.deadLetter(type, source.name(), reader.linesRead() + 1, bomb.inflatedBytes(),
                    bomb.rejection(), ""),
                    RejectReason.DECOMPRESSION_BOMB);
            return null;
        }
    }

    private void rejectLongLine(LineReader reader, String start, Batch batch) {
        ParseException error = reader.lineTooLongError();
        batch.add(outgoing.deadLetter(type, source.name(), reader.lineNumber(), reader.lineStart(), error, start),
                error.reason());
    }

    private void convertLine(LineReader reader, String line, Batch batch) {
        EnvelopedLines.Handler handler = new EnvelopedLines.Handler() {
            @Override
            public void record(Object record) {
                batch.add(outgoing.record(type, (SpecificRecord) record), null);
                batch.latestEventMillis = Math.max(batch.latestEventMillis,
                        EventTime.millisOf((SpecificRecord) record).orElse(Long.MIN_VALUE));
                if (hasExtraFields(record)) {
                    batch.withExtraFields++;
                }
            }

            @Override
            public void rejected(String text, ParseException error) {
                batch.add(outgoing.deadLetter(type, source.name(), reader.lineNumber(), reader.lineStart(), error,
                        text), error.reason());
            }

            @Override
            public void controlMessage() {
                batch.skipped++;
            }
        };
        if (reader.jsonValue()) {
            EnvelopedLines.parseJsonValue(line, parser, handler);
        } else {
            EnvelopedLines.parse(line, parser, handler);
        }
    }

    private static boolean hasExtraFields(Object record) {
        return record instanceof AlbLogEntry access && access.getExtraFields() != null
                || record instanceof AlbConnectionLogEntry connection && connection.getExtraFields() != null;
    }

    private SourcePosition position(LineReader reader, boolean complete) {
        String vpcFormat = parser instanceof VpcFlowLogParser vpc ? vpc.format().headerLine() : null;
        return from.advancedTo(reader.offset(), reader.linesRead(), complete, vpcFormat, fingerprint);
    }

    /** A batch being filled. */
    private static final class Batch {
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(LINES_PER_BATCH);
        final List<RejectReason> rejected = new ArrayList<>(LINES_PER_BATCH);
        long bytesRead;
        long skipped;
        long withExtraFields;
        long latestEventMillis = Long.MIN_VALUE;
        int lines;

        void add(ProducerRecord<byte[], byte[]> record, RejectReason reason) {
            records.add(record);
            rejected.add(reason);
        }

        ConvertedBatch done(SourcePosition position, boolean last) {
            return new ConvertedBatch(records, rejected, bytesRead, skipped, withExtraFields, latestEventMillis,
                    position, null, last);
        }
    }
}
