package io.flowsight.app.cli;

import io.flowsight.sinks.CommittedOffsets;
import io.flowsight.sinks.LakeCompactor;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.schemas.LakeTable;
import io.flowsight.sinks.SinkConfig;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code flowsight compact}: merges the small files of closed hours into large ones. */
@Command(name = "compact",
        description = "Merge the small Parquet files of closed hourly partitions into large ones (faster Athena and "
                + "Trino scans). Only files the sink has committed are merged; safe to run beside a running sink.")
public final class CompactCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Mixin
    LakeOptions lakeOptions;

    @Option(names = "--closed-after", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "An hour is closed this long after it ends, ISO-8601 (default: ${DEFAULT-VALUE}); late "
                    + "records arriving afterwards go to new files and are merged by a later run.")
    Duration closedAfter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = new HashMap<>(connection.settings());
        lakeOptions.addTo(settings);
        SinkConfig config = new SinkConfig(settings);
        Map<String, Long> committed;
        try (Admin admin = Admin.create(config.clientProperties())) {
            committed = CommittedOffsets.of(admin, config.groupId());
        }
        LakeCompactor compactor = new LakeCompactor(new LakeLayout(config.lakeDirectory()), config.parquet(),
                Clock.systemUTC());
        for (LakeTable table : config.tables()) {
            LakeCompactor.Result result = compactor.compact(table, closedAfter, committed);
            if (result.partitions() > 0) {
                spec.commandLine().getOut().println(table.tableName() + ": " + result.filesMerged() + " files in "
                        + result.partitions() + " partitions merged into " + result.filesWritten() + " ("
                        + result.rows() + " rows)");
            }
        }
        return 0;
    }
}
