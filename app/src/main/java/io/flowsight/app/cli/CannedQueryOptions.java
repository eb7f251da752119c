package io.flowsight.app.cli;

import io.flowsight.queries.canned.TimeRange;
import io.flowsight.queries.sql.LakeQueryException;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.queries.sql.ResultFormat;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** The options every canned query shares: the lake, the output format, the time range and the row limit. */
final class CannedQueryOptions {

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "./flowsight-lake",
            description = "The lake directory (default: ${DEFAULT-VALUE}).")
    Path lake;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), csv or json.")
    String format;

    @Option(names = "--since", paramLabel = "TIME",
            description = "From this time: an ISO-8601 instant (2026-11-22T08:00:00Z) or a duration back from now "
                    + "(PT24H). Default: the beginning.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time (same forms). Default: now and on.")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Rows to show (default: ${DEFAULT-VALUE}).")
    int limit;

    TimeRange range() {
        return new TimeRange(instant(since, "--since"), instant(until, "--until"));
    }

    /** Opens the lake, builds the SQL from its tables and prints the result. */
    void run(PrintWriter out, Function<LakeQueryService, String> sql) throws LakeQueryException {
        ResultFormat output = ResultFormat.fromName(format);
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            out.print(output.render(service.query(sql.apply(service))));
            out.flush();
        }
    }

    private static Instant instant(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return text.startsWith("P") ? Instant.now().minus(Duration.parse(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + text + " is neither an ISO-8601 instant such as "
                    + "2026-11-22T08:00:00Z nor a duration such as PT24H.", e);
        }
    }
}
