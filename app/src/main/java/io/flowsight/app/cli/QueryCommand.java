package io.flowsight.app.cli;

import io.flowsight.queries.sql.LakeQueryException;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.queries.sql.QueryConfig;
import io.flowsight.queries.sql.ResultFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code flowsight query}: read-only SQL over the lake with the embedded DuckDB. */
@Command(name = "query",
        description = "Run one read-only SQL query over the lake (DuckDB). Tables: vpc_flow_logs, cloudtrail_events, "
                + "alb_logs, alb_connection_logs, top_talkers, rejected_traffic, anomalies, alerts, dead_letters, "
                + "findings; partition columns dt ('YYYY-MM-DD') and hour ('HH') prune files.")
public final class QueryCommand implements Callable<Integer> {

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "./flowsight-lake",
            description = "The lake directory (default: ${DEFAULT-VALUE}).")
    Path lake;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), csv or json (one object per line).")
    String format;

    @Option(names = "--query-timeout", paramLabel = "DURATION",
            description = "Stop the query when it runs longer, e.g. 30s, 5m or PT10M (default: "
                    + QueryConfig.DEFAULT_TIMEOUT + ", or " + QueryConfig.TIMEOUT_CONFIG
                    + " from $FLOWSIGHT_SET_QUERY_TIMEOUT).")
    String queryTimeout;

    @Parameters(paramLabel = "SQL", description = "The query, e.g. \"SELECT count(*) FROM vpc_flow_logs\". AWS's "
            + "example Athena queries run as printed: cloudtrail_logs and test_table_vpclogs name views, and "
            + "vpc_flow_logs and alb_logs have AWS's partition columns date and day.")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws LakeQueryException {
        ResultFormat output = ResultFormat.fromName(format);
        try (LakeQueryService service = LakeQueryService.open(lake, queryConfig())) {
            spec.commandLine().getOut().print(output.render(service.query(sql)));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The {@code flowsight.query.*} settings of the environment, with the timeout option over them. */
    private QueryConfig queryConfig() {
        Map<String, Object> settings = EnvironmentSettings.from(System.getenv());
        if (queryTimeout != null) {
            settings.put(QueryConfig.TIMEOUT_CONFIG, queryTimeout);
        }
        return new QueryConfig(settings);
    }
}
