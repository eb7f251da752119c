package io.flowsight.ingest.source;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.parse.EnvelopedLines;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.EventTime;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order in which to read a set of inputs of one log type so that their records reach Kafka in event-time order
 * across files, prefixes, regions and accounts, whatever order they were listed in. Kafka Streams' stream time only
 * moves forward, so a backfill read account by account and region by region would make every region after the first
 * late.
 *
 * <p>An input's time is the time in its AWS object name ({@code …_20180620T1620Z_…}: flow logs, CloudTrail and ELB logs
 * all carry one); for an input named otherwise, the earliest event time among its first records. Inputs are read by
 * that time, listing order breaking ties; those whose time nothing tells come last. A backfill is then at most one
 * object's span out of order (AWS delivers every 5 minutes), well inside the topology's grace.
 */
public final class EventTimeOrder {
    private static final Logger LOG = LoggerFactory.getLogger(EventTimeOrder.class);
    private static final Pattern OBJECT_NAME_TIME = Pattern.compile("(?<![0-9])(\\d{8}T\\d{4})Z");
    private static final DateTimeFormatter OBJECT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");
    private static final Pattern JSON_EVENT_TIME = Pattern.compile("\"eventTime\"\\s*:\\s*\"([^\"]{1,40})\"");
    /** How much of an input is read to tell its time: a few hundred records. */
    static final int PEEK_BYTES = 256 * 1024;
    private static final int PEEK_LINES = 200;

    private final LogType type;
    private final VpcFlowLogFormat vpcFormat;

    public EventTimeOrder(LogType type, VpcFlowLogFormat vpcFormat) {
        this.type = type;
        this.vpcFormat = vpcFormat;
    }

    /** {@code sources} in the order to read them. */
    public <S extends Source> List<S> sort(List<S> sources) {
        if (sources.size() < 2) {
            return sources;
        }
        List<Timed<S>> timed = new ArrayList<>(sources.size());
        for (S source : sources) {
            timed.add(new Timed<>(source, timeOf(source)));
        }
        // A stable sort: listing order breaks ties, and inputs without a time keep theirs after the others.
        timed.sort(Comparator.comparing(Timed::time, Comparator.nullsLast(Comparator.naturalOrder())));
        return timed.stream().map(Timed::source).toList();
    }

    private record Timed<S>(S source, Instant time) {
    }

    /** The input's time, or null when neither its name nor its first records tell it. */
    Instant timeOf(Source source) {
        Optional<Instant> named = objectNameTime(source.name());
        if (named.isPresent()) {
            return named.get();
        }
        if (!source.resumable()) {
            return null; // stdin cannot be read twice
        }
        try {
            return firstRecordsTime(source).orElse(null);
        } catch (IOException | RuntimeException e) {
            LOG.debug("The first records of {} do not tell its time; it is read after the others", source.name(), e);
            return null;
        }
    }

    /** The time in an AWS log object's name, e.g. 2018-06-20T16:20Z for {@code …_20180620T1620Z_fe123456.log.gz}. */
    static Optional<Instant> objectNameTime(String name) {
        String fileName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        Matcher matcher = OBJECT_NAME_TIME.matcher(fileName);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(matcher.group(1), OBJECT_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Optional<Instant> firstRecordsTime(Source source) throws IOException {
        try (InputStream in = source.open(0)) {
            byte[] head = in.readNBytes(PEEK_BYTES);
            return type.lineOriented() ? earliestParsed(head) : earliestJsonEventTime(head);
        }
    }

    private Optional<Instant> earliestParsed(byte[] head) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(head), 0, 0, PEEK_BYTES);
        LineParser<?> parser = type.newLineParser(vpcFormat);
        long[] earliest = {Long.MAX_VALUE};
        String line;
        for (int n = 0; n < PEEK_LINES && (line = reader.next()) != null; n++) {
            EnvelopedLines.parse(line, parser, new EnvelopedLines.Handler() {
                @Override
                public void record(Object record) {
                    EventTime.millisOf((IndexedRecord) record).ifPresent(t -> earliest[0] = Math.min(earliest[0], t));
                }

                @Override
                public void rejected(String text, ParseException error) {
                }

                @Override
                public void controlMessage() {
                }
            });
        }
        return earliest[0] == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(earliest[0]));
    }

    /** CloudTrail: the earliest {@code eventTime} in the first bytes, without parsing a document that may be cut. */
    private static Optional<Instant> earliestJsonEventTime(byte[] head) {
        Matcher matcher = JSON_EVENT_TIME.matcher(new String(head, StandardCharsets.UTF_8));
        Instant earliest = null;
        while (matcher.find()) {
            try {
                Instant time = Instant.parse(matcher.group(1));
                earliest = earliest == null || time.isBefore(earliest) ? time : earliest;
            } catch (DateTimeParseException e) {
                // Not an ISO-8601 time: another event tells.
            }
        }
        return Optional.ofNullable(earliest);
    }
}
