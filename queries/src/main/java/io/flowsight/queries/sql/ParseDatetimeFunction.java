package io.flowsight.queries.sql;

import org.duckdb.DuckDBFunctions;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presto's {@code parse_datetime(text, pattern)}, which AWS's ALB example query calls. The pattern is Joda-Time's,
 * whose letters java.time reads the same way for dates and times; DuckDB's own {@code strptime} wants another
 * notation and a constant pattern, so a macro cannot translate it. Without a zone in the pattern the time is UTC,
 * as in an Athena session; missing hours, minutes and seconds are zero.
 */
final class ParseDatetimeFunction {
    private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

    private ParseDatetimeFunction() {
    }

    static void register(Connection connection) throws SQLException {
        ParseDatetimeFunction function = new ParseDatetimeFunction();
        DuckDBFunctions.scalarFunction().withName("parse_datetime").withParameters(String.class, String.class)
                .withReturnType(OffsetDateTime.class).withNullInNullOut()
                .withFunction(function::parse).register(connection);
    }

    private OffsetDateTime parse(String text, String pattern) {
        TemporalAccessor parsed = formatters.computeIfAbsent(pattern, ParseDatetimeFunction::formatter).parse(text);
        ZoneOffset offset = parsed.query(TemporalQueries.offset());
        return LocalDateTime.from(parsed).atOffset(offset == null ? ZoneOffset.UTC : offset);
    }

    /**
     * Joda-Time ends a quoted literal left open at the end of the pattern, and AWS's example relies on it
     * ({@code 'yyyy-MM-dd''T''HH:mm:ss.SSSSSS''Z'} is the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z}); java.time
     * refuses that, so the literal is closed first.
     */
    private static DateTimeFormatter formatter(String pattern) {
        boolean literalLeftOpen = pattern.chars().filter(c -> c == '\'').count() % 2 == 1;
        return new DateTimeFormatterBuilder().appendPattern(literalLeftOpen ? pattern + "'" : pattern)
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0).toFormatter(Locale.ROOT);
    }
}
