package io.flowsight.ingest.vpc;

import io.flowsight.ingest.parse.IpAddressField;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.VpcFlowLog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns flow-log lines into {@link VpcFlowLog} records. The parser starts with a format (the default v2 one,
 * or {@code --format}) and switches to the format of any header line it meets, as S3 files begin with one and
 * concatenated files repeat it.
 *
 * <p>{@code -} becomes null in every field, so NODATA and SKIPDATA records are records with null addresses.
 * A line with more or fewer values than the format has fields is rejected, never mis-assigned.
 */
public final class VpcFlowLogParser implements LineParser<VpcFlowLog> {
    private static final int START = VpcFlowLog.getClassSchema().getField("start").pos();
    private static final int END = VpcFlowLog.getClassSchema().getField("end").pos();
    private static final int EVENT_TIME = VpcFlowLog.getClassSchema().getField("event_time").pos();

    private final Supplier<Instant> readTime;
    private VpcFlowLogFormat format;
    /** Set while the last header line could not be read: no format is safe to apply until the next good one. */
    private ParseException badHeader;

    /**
     * @param format   the format of lines that come before any header line
     * @param readTime the event time of a record that has neither {@code start} nor {@code end}
     */
    public VpcFlowLogParser(VpcFlowLogFormat format, Supplier<Instant> readTime) {
        this.format = format;
        this.readTime = readTime;
    }

    public VpcFlowLogParser() {
        this(VpcFlowLogFormat.DEFAULT, Instant::now);
    }

    /** The format lines are read with now. */
    public VpcFlowLogFormat format() {
        return format;
    }

    /**
     * Parses one line.
     *
     * @return the record, or empty for a header line (whose format then applies) or a blank line
     * @throws ParseException with the reason and the field at fault
     */
    @Override
    public Optional<VpcFlowLog> parse(String line) throws ParseException {
        List<String> values = VpcFlowLogLine.tokens(line);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (VpcFlowLogFormat.looksLikeHeader(values)) {
            try {
                format = VpcFlowLogFormat.parse(line);
                badHeader = null;
            } catch (ParseException e) {
                badHeader = e;
                throw e;
            }
            return Optional.empty();
        }
        if (badHeader != null) {
            throw new ParseException(RejectReason.UNKNOWN_FIELD, "The header line before this record could not be "
                    + "read (" + badHeader.getMessage() + "), so its records are refused rather than read with "
                    + "another format.");
        }
        return Optional.of(toRecord(values));
    }

    private VpcFlowLog toRecord(List<String> values) throws ParseException {
        List<VpcFlowLogField> fields = format.fields();
        if (values.size() != fields.size()) {
            throw fieldCountError(values, fields);
        }
        VpcFlowLog record = new VpcFlowLog();
        for (int i = 0; i < fields.size(); i++) {
            String text = values.get(i);
            if (!text.equals("-")) {
                VpcFlowLogField field = fields.get(i);
                record.put(field.position(), convert(field, text));
            }
        }
        Object start = record.get(START);
        Object end = record.get(END);
        Instant eventTime = start != null ? Instant.ofEpochSecond((Long) start)
                : end != null ? Instant.ofEpochSecond((Long) end)
                : readTime.get();
        record.put(EVENT_TIME, eventTime);
        return record;
    }

    private static Object convert(VpcFlowLogField field, String text) throws ParseException {
        try {
            return switch (field.kind()) {
                case STRING -> text;
                case ADDRESS -> IpAddressField.check(field.awsName(), text);
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
            };
        } catch (NumberFormatException e) {
            throw new ParseException(RejectReason.BAD_VALUE, "Field " + field.awsName() + " must be a whole number, "
                    + "not '" + text + "'.");
        }
    }

    private ParseException fieldCountError(List<String> values, List<VpcFlowLogField> fields) {
        if (values.size() > fields.size()) {
            return new ParseException(RejectReason.FIELD_COUNT, "The line has " + values.size()
                    + " values but the format has " + fields.size() + " fields (" + format.headerLine()
                    + "); the first extra value is '" + values.get(fields.size())
                    + "'. Give the log's format with --format or a header line.");
        }
        return new ParseException(RejectReason.FIELD_COUNT, "The line has " + values.size()
                + " values but the format has " + fields.size() + " fields (" + format.headerLine()
                + "); no value for " + fields.get(values.size()).awsName()
                + ". Give the log's format with --format or a header line.");
    }
}
