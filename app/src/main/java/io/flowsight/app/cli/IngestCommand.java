package io.flowsight.app.cli;

import io.flowsight.app.runtime.InputFiles;
import io.flowsight.app.runtime.InputLocations;
import io.flowsight.aws.AwsClientConfig;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.kafka.IngestMetrics;
import io.flowsight.ingest.kafka.IngestProgress;
import io.flowsight.ingest.kafka.IngestSummary;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.s3.NotificationOutcome;
import io.flowsight.ingest.s3.S3NotificationIngest;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.source.StdinSource;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code flowsight ingest}: produces log files to FlowSight's raw topics on a Kafka cluster, exactly once. */
@Command(name = "ingest",
        description = "Read log files (plain or gzipped; directories recursively; s3://bucket/prefix; - for stdin) "
                + "into FlowSight's Kafka topics exactly once: records to the raw topic of their type, unparseable "
                + "lines to the dead-letter topic. Rerunning resumes where the last run stopped and skips files and "
                + "objects already done; --follow keeps reading local files.")
public final class IngestCommand implements Callable<Integer> {

    @Mixin
    LogTypeOptions logTypeOptions;

    @Mixin
    KafkaConnectionOptions connection;

    @Option(names = "--glob", paramLabel = "PATTERN",
            description = "Only files whose name matches, e.g. '*.log.gz' (default: every file).")
    String glob;

    @Option(names = "--transactional-id", paramLabel = "ID",
            description = "Transactional id; concurrent ingesters need different ones (default: flowsight-ingest).")
    String transactionalId;

    @Option(names = "--follow",
            description = "Keep running: read lines as they are appended to the files, and new files in the "
                    + "directories, until interrupted (Ctrl-C). Rotated files keep their position.")
    boolean follow;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT1S",
            description = "With --follow, how often files are checked for new lines, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--since", paramLabel = "DATE",
            description = "For s3:// locations in AWS's layout (AWSLogs/<account>/<service>/<region>/YYYY/MM/DD/), "
                    + "the first delivery day to read, e.g. 2024-05-01 (default: every day).")
    LocalDate since;

    @Option(names = "--sqs-queue", paramLabel = "URL",
            description = "Instead of paths: consume this SQS queue of S3 event notifications (plain, via SNS, or "
                    + "EventBridge) and ingest each object announced, its type from --type or else its name or "
                    + "content. Runs until interrupted or --until-idle.")
    String sqsQueue;

    @Option(names = "--max-receives", paramLabel = "N", defaultValue = "" + S3NotificationIngest.DEFAULT_MAX_RECEIVES,
            description = "With --sqs-queue, receives after which a message whose object still cannot be read is "
                    + "dead-lettered and deleted (default: ${DEFAULT-VALUE}).")
    int maxReceives;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "With --sqs-queue, stop once no message came for this long, ISO-8601 such as PT1M "
                    + "(default: run until interrupted).")
    Duration untilIdle;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files, directories or s3://bucket/prefix locations to ingest; - reads stdin.")
    List<String> paths = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sqsQueue != null) {
            return consumeNotifications();
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("Give the files, directories or s3:// locations to ingest (- for "
                    + "stdin), or --sqs-queue.");
        }
        Optional<LogType> givenType = logTypeOptions.givenLogType();
        VpcFlowLogFormat vpcFormat = logTypeOptions.vpcFormat();
        boolean stdin = paths.equals(List.of("-"));
        if (stdin && follow) {
            throw new IllegalArgumentException("--follow reads files; stdin is read to its end anyway.");
        }
        if (givenType.isEmpty() && (stdin || follow)) {
            throw new IllegalArgumentException("Give --type with " + (stdin ? "stdin" : "--follow")
                    + ": vpc, alb, alb-conn or cloudtrail.");
        }
        Map<String, Object> settings = settings();
        InputLocations inputs = new InputLocations(stdin ? List.of() : paths, glob, Optional.ofNullable(since),
                settings);
        if (follow && inputs.hasS3()) {
            throw new IllegalArgumentException("--follow watches local files; for S3, run ingest again (objects "
                    + "already done are skipped) or use --sqs-queue.");
        }
        IngestSummary summary;
        try (inputs) {
            // Sorted before Kafka is reached, so inputs of no known type are reported at once.
            Map<LogType, List<Source>> byType = stdin || follow ? Map.of() : byType(inputs, givenType);
            ConsoleProgress progress = ConsoleProgress.forThisProcess();
            try (TransactionalIngester ingester = new TransactionalIngester(new IngestConfig(settings),
                    new IngestMetrics(new SimpleMeterRegistry()), progress, Clock.systemUTC())) {
                if (follow) {
                    try (ShutdownSignal stop = ShutdownSignal.install("flowsight-ingest-stop")) {
                        summary = ingester.follow(givenType.get(), vpcFormat, inputs::localFiles,
                                pollInterval, stop::requested);
                    }
                } else if (stdin) {
                    summary = ingester.ingest(givenType.get(), vpcFormat, List.of(new StdinSource(System.in)));
                } else {
                    summary = ingester.summary();
                    for (Map.Entry<LogType, List<Source>> ofType : byType.entrySet()) {
                        summary = ingester.ingest(ofType.getKey(), vpcFormat, ofType.getValue());
                    }
                }
            } finally {
                progress.finish();
            }
        }
        spec.commandLine().getOut().println(describe(summary, "files"));
        return 0;
    }

    /**
     * The inputs by log type: all of the given type, else each by its AWS object name or first lines.
     *
     * @throws IllegalArgumentException naming inputs whose type nothing tells
     */
    private static Map<LogType, List<Source>> byType(InputLocations inputs, Optional<LogType> givenType)
            throws IOException {
        Map<Optional<LogType>, List<Source>> found = new InputFiles(inputs, givenType).byType();
        List<Source> unknown = found.getOrDefault(Optional.<LogType>empty(), List.of());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknown.size() + " inputs are of no log type FlowSight can tell from "
                    + "their names or first lines (" + unknown.get(0).name() + (unknown.size() > 1 ? ", ..." : "")
                    + "): give --type, or --glob to leave them out.");
        }
        Map<LogType, List<Source>> byType = new java.util.EnumMap<>(LogType.class);
        found.forEach((type, sources) -> byType.put(type.orElseThrow(), sources));
        return byType;
    }

    private int consumeNotifications() throws Exception {
        if (!paths.isEmpty() || follow || since != null || glob != null) {
            throw new IllegalArgumentException("--sqs-queue reads the objects its notifications announce: give no "
                    + "PATH, --follow, --since or --glob with it.");
        }
        Duration wait = untilIdle == null || untilIdle.compareTo(S3NotificationIngest.DEFAULT_WAIT) > 0
                ? S3NotificationIngest.DEFAULT_WAIT : Duration.ofSeconds(untilIdle.toSeconds());
        S3NotificationIngest.Settings notificationSettings = new S3NotificationIngest.Settings(sqsQueue,
                logTypeOptions.givenLogType(), logTypeOptions.vpcFormat(), maxReceives, wait);
        Map<String, Object> settings = settings();
        AwsClientConfig aws = new AwsClientConfig(settings);
        IngestConfig config = new IngestConfig(settings);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        S3NotificationIngest.Summary summary;
        try (SqsClient sqs = aws.newSqsClient(); S3Client s3 = aws.newS3Client();
             TransactionalIngester ingester = new TransactionalIngester(config, new IngestMetrics(meters),
                     IngestProgress.NONE, Clock.systemUTC())) {
            try (ShutdownSignal stop = ShutdownSignal.install("flowsight-ingest-stop")) {
                summary = new S3NotificationIngest(sqs, s3, ingester, notificationSettings, meters, Clock.systemUTC())
                        .run(stop::requested, Optional.ofNullable(untilIdle));
            }
        }
        long messages = summary.messages().values().stream().mapToLong(Long::longValue).sum();
        spec.commandLine().getOut().println(messages + " messages: "
                + summary.count(NotificationOutcome.INGESTED) + " ingested, "
                + summary.count(NotificationOutcome.TEST_EVENT) + " test events, "
                + summary.count(NotificationOutcome.IGNORED) + " other events, "
                + summary.count(NotificationOutcome.DEAD_LETTERED) + " dead-lettered, "
                + summary.count(NotificationOutcome.RETRIED) + " left to retry; "
                + describe(summary.ingest(), "objects"));
        return 0;
    }

    private static String describe(IngestSummary summary, String inputs) {
        return summary.records() + " records and " + summary.deadLetters() + " dead letters from " + summary.files()
                + " " + inputs + " (" + summary.filesAlreadyDone() + " already done, " + summary.skipped()
                + " control messages or digests skipped)";
    }

    private Map<String, Object> settings() throws IOException {
        Map<String, Object> settings = connection.settings();
        if (transactionalId != null) {
            settings.put(IngestConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return settings;
    }
}
