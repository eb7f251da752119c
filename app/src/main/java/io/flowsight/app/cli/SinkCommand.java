package io.flowsight.app.cli;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.sinks.LakeSink;
import io.flowsight.sinks.SinkConfig;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code flowsight sink}: writes FlowSight's topics into the Parquet lake, exactly once. */
@Command(name = "sink",
        description = "Consume FlowSight's topics (read_committed) and write them into a Hive-partitioned, "
                + "ZSTD Parquet lake exactly once. Runs until interrupted, or with --until-idle until no record "
                + "has arrived for that long.")
public final class SinkCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Mixin
    LakeOptions lakeOptions;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "Stop once nothing has arrived for this long, ISO-8601 (e.g. PT10S), and the group has "
                    + "written every partition (waiting for those a crashed member still holds), committing what is open.")
    Duration untilIdle;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = connection.settings();
        lakeOptions.addTo(settings);
        SinkConfig config = new SinkConfig(settings);
        try (Admin admin = Admin.create(config.clientProperties())) {
            // The sink creates no topics, but reads them all: it is where a user running only the sink learns that
            // an older topic may lose logs before they reach the lake.
            TopicCreation.checkRetention(admin, config.topicPrefix(),
                    config.tables().stream().map(LakeTable::topic).toList());
        }
        long written;
        try (LakeSink sink = new LakeSink(config, Clock.systemUTC())) {
            if (untilIdle != null) {
                written = sink.runUntilIdle(untilIdle);
            } else {
                try (ShutdownSignal stop = ShutdownSignal.install("flowsight-sink-stop")) {
                    sink.run(stop::requested);
                }
                written = sink.recordsWritten();
            }
        }
        String lake = config.lakeOnS3() ? config.lakeLocation() : config.lakeDirectory().toAbsolutePath().toString();
        spec.commandLine().getOut().println(written + " records written to the lake at " + lake);
        return 0;
    }
}
