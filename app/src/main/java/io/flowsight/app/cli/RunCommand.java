package io.flowsight.app.cli;

import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.app.runtime.RunSummary;
import io.flowsight.aws.S3Location;
import io.flowsight.ingest.LogType;
import io.flowsight.queries.sql.QueryConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code flowsight run}: the whole pipeline on one machine, in one process, with no Kafka or Docker installed. */
@Command(name = "run",
        description = "Run all of FlowSight in one process: a real single-node Kafka broker (KRaft) and schema "
                + "registry under --data, ingest of every input (log type told per file), the stream processing, "
                + "the Parquet lake sink and the HTTP API. With --until-idle it stops once every window of the input "
                + "is final in the lake; otherwise it runs until Ctrl-C. Running again on the same --data resumes.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Log files or folders (read recursively; plain or gzipped), or s3://bucket/prefix "
                    + "locations (S3 settings in --config or the AWS environment).")
    List<String> inputs;

    @Option(names = "--type", paramLabel = "TYPE", description = "Log type of every input: vpc, alb, alb-conn or "
            + "cloudtrail (default: told per file from its AWS object name or its first line).")
    String type;

    @Option(names = "--format", paramLabel = "FIELDS",
            description = "VPC flow-log format for files without a header line (default: AWS's default v2 format).")
    String format;

    @Option(names = "--glob", paramLabel = "PATTERN", description = "Only files whose name matches, e.g. '*.gz'.")
    String glob;

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "./flowsight-lake",
            description = "Where the Parquet lake is written (default: ${DEFAULT-VALUE}).")
    Path lake;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./flowsight-data",
            description = "Where the broker, the schema registry and the state stores keep their data "
                    + "(default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address of the HTTP API (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String http;

    @Option(names = "--http-token", paramLabel = "TOKEN", defaultValue = "${env:FLOWSIGHT_HTTP_TOKEN}",
            description = "Require 'Authorization: Bearer TOKEN' on the API (default: $FLOWSIGHT_HTTP_TOKEN, else none).")
    String httpToken;

    @Option(names = "--partitions", defaultValue = "2", paramLabel = "N",
            description = "Partitions of the topics created on a first run (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--query-timeout", paramLabel = "DURATION",
            description = "Stop a SQL query of the HTTP API (/api/query) when it runs longer, e.g. 30s or 5m "
                    + "(default: " + QueryConfig.DEFAULT_TIMEOUT + ", or " + QueryConfig.TIMEOUT_CONFIG
                    + " from --config).")
    String queryTimeout;

    @Mixin
    NotifyOptions notify;

    @Mixin
    BlockingOptions blocking;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with flowsight.* settings (windows, thresholds, lake file sizes, ...) "
                    + "and Kafka client settings.")
    Path configFile;

    @ArgGroup(exclusive = true)
    Mode mode;

    static final class Mode {
        @Option(names = "--follow", description = "Keep reading the inputs as files grow and new files appear.")
        boolean follow;

        @Option(names = "--until-idle", paramLabel = "SECONDS", converter = IdleConverter.class,
                description = "Stop once all input is processed, every window it covers is final in the lake, and "
                        + "nothing has happened for this long (seconds, or ISO-8601 such as PT10S).")
        Duration untilIdle;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HttpAddress httpAddress = HttpAddress.parse(http);
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1.");
        }
        Optional<LogType> logType = Optional.ofNullable(type).map(LogType::fromCliName);
        for (String input : inputs) {
            if (!S3Location.isS3(input) && !Files.exists(Path.of(input))) {
                throw new NoSuchFileException(input, null, "no such --input file or folder");
            }
        }
        boolean follow = mode != null && mode.follow;
        LocalRuntime.Settings settings = new LocalRuntime.Settings(inputs, logType, LogTypeOptions.vpcFormat(format, logType), glob, follow,
                lake, data, partitions, httpAddress.host(), httpAddress.port(),
                Optional.ofNullable(httpToken).filter(t -> !t.isBlank()), blocking.applyTo(overrides()), notify.config(),
                blocking.requested());
        PrintWriter out = spec.commandLine().getOut();
        try (LocalRuntime runtime = LocalRuntime.start(settings)) {
            out.println("FlowSight is running. HTTP API: " + runtime.httpUrl() + "/api/top-talkers (also /api/alerts, "
                    + "/api/rejected, /api/anomalies, /api/findings, /api/ip/{address}, /api/query, /metrics, "
                    + "/health)");
            out.flush();
            if (mode != null && mode.untilIdle != null) {
                RunSummary summary = runtime.finishWhenIdle(mode.untilIdle);
                out.println(summary.describe());
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "flowsight-run-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Ctrl-C stops it cleanly: what was read is committed, nothing is lost or written twice.");
            out.flush();
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                if (runtime.failure().isPresent()) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    throw new IllegalStateException("A stage of the run failed: " + runtime.failure().get().getMessage()
                            + "; fix the cause and run again on the same --data to resume.", runtime.failure().get());
                }
            }
        }
        return 0;
    }

    private Map<String, Object> overrides() throws IOException {
        Map<String, Object> overrides = new HashMap<>(ConfigFile.readWithEnvironment(configFile));
        if (queryTimeout != null) {
            overrides.put(QueryConfig.TIMEOUT_CONFIG, queryTimeout);
        }
        return overrides;
    }

    /** Seconds as a plain number, or an ISO-8601 duration. */
    static final class IdleConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--until-idle must be positive.");
            }
            return duration;
        }
    }
}
