package io.flowsight.queries.canned;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The time a canned query looks at, [since, until), either end open. Besides the filter on the record's time, it
 * adds one on the {@code dt} partition so DuckDB, Athena and Trino skip the days outside it.
 */
public record TimeRange(Instant since, Instant until) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public static final TimeRange ALL = new TimeRange(null, null);

    /** SQL conditions on {@code timeColumn} and {@code dt}, starting with AND; empty for all time. */
    String where(String timeColumn) {
        StringBuilder sql = new StringBuilder();
        if (since != null) {
            sql.append(" AND dt >= '").append(DAY.format(since)).append("' AND ").append(timeColumn)
                    .append(" >= TIMESTAMPTZ '").append(since).append("'");
        }
        if (until != null) {
            sql.append(" AND dt <= '").append(DAY.format(until)).append("' AND ").append(timeColumn)
                    .append(" < TIMESTAMPTZ '").append(until).append("'");
        }
        return sql.toString();
    }
}
