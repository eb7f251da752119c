package io.flowsight.ingest.alb;

import io.flowsight.ingest.parse.IpAddressField;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/** Typed values of ELB log fields, shared by the access-log and connection-log parsers: {@code -} is null. */
final class AlbFields {
    private AlbFields() {
    }

    static String at(List<String> fields, int index) {
        return index < fields.size() ? fields.get(index) : null;
    }

    static String text(String value) {
        return value == null || value.equals("-") || value.isEmpty() ? null : value;
    }

    static HostAndPort hostAndPort(String field, String value) throws ParseException {
        HostAndPort parsed;
        try {
            parsed = HostAndPort.parse(value);
        } catch (NumberFormatException e) {
            throw new ParseException(RejectReason.BAD_VALUE, "Field " + field + " must end in a numeric port, not '"
                    + value + "'.");
        }
        if (parsed.host() != null) {
            IpAddressField.check(field, parsed.host());
        }
        return parsed;
    }

    /** An address field on its own; {@code -} is null. */
    static String address(String field, String value) throws ParseException {
        return text(value) == null ? null : IpAddressField.check(field, value);
    }

    static Double decimal(String field, String value) throws ParseException {
        return number(field, value, Double::valueOf, "a number of seconds");
    }

    static Integer integer(String field, String value) throws ParseException {
        return number(field, value, Integer::valueOf, "a whole number");
    }

    static Long whole(String field, String value) throws ParseException {
        return number(field, value, Long::valueOf, "a whole number");
    }

    private static <T> T number(String field, String value, Function<String, T> parse, String what)
            throws ParseException {
        if (text(value) == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw new ParseException(RejectReason.BAD_VALUE, "Field " + field + " must be " + what + ", not '"
                    + value + "'.");
        }
    }

    static Instant instant(String field, String value) throws ParseException {
        try {
            // Avro's timestamp-millis keeps milliseconds; the full precision stays in the `time` column.
            return Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new ParseException(RejectReason.BAD_VALUE, "Field " + field + " must be an ISO-8601 UTC time such as "
                    + "2018-07-02T22:23:00.186641Z, not '" + value + "'.");
        }
    }
}
