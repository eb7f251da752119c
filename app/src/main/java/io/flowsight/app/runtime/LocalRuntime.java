package io.flowsight.app.runtime;

import io.flowsight.app.http.HttpApi;
import io.flowsight.app.http.PeopleDecisions;
import io.flowsight.app.topics.BlocklistTopic;
import io.flowsight.app.topics.SilenceTopic;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.kafka.IngestMetrics;
import io.flowsight.ingest.kafka.IngestProgress;
import io.flowsight.ingest.kafka.IngestSummary;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.notify.config.NotifyConfig;
import io.flowsight.notify.service.NotifyService;
import io.flowsight.notify.service.StartPosition;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.service.BlocklistTargets;
import io.flowsight.respond.service.RespondService;
import io.flowsight.queries.sql.LakeQueryException;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.queries.sql.QueryConfig;
import io.flowsight.queries.sql.QueryResult;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.Topic;
import io.flowsight.sinks.LakeSink;
import io.flowsight.sinks.SinkConfig;
import io.flowsight.topology.FlowSightStreams;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.TopologyTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * FlowSight on one machine, in one process: a real KRaft broker and the local schema registry (under the data
 * directory), one ingester per log type found in the inputs, the Kafka Streams topology, the lake sink, and the
 * HTTP API. Every stage is the same one that runs alone against a cluster, with the same exactly-once guarantees;
 * stopping and starting again on the same data directory resumes where it stopped.
 *
 * <p>For a finite input, {@link #finishWhenIdle} sends the heartbeat that closes every window the input covers,
 * then waits until the topology has processed every committed record, the sink has read every result, and that has
 * stayed so for the idle period, and commits the sink's open files.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    public static final String APPLICATION_ID = FlowSightStreams.DEFAULT_APPLICATION_ID;
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);
    /** Twice the sink's poll timeout, and some. */
    private static final Duration SINK_POLL_WAIT = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /**
     * What to run.
     *
     * @param inputs     files, folders and s3:// locations to ingest
     * @param type       the log type of every input, or empty to tell it per file
     * @param vpcFormat  flow-log format for files without a header line
     * @param glob       only files whose name matches, or null
     * @param follow     keep reading the inputs as they grow (until closed)
     * @param partitions partitions of the topics created on a first run
     * @param httpHost   address the HTTP API listens on
     * @param httpPort   its port, 0 for a free one
     * @param bearerToken a token the API requires, or empty for none
     * @param overrides  further settings: Kafka client, serde and {@code flowsight.*} settings
     */
    public record Settings(List<String> inputs, Optional<LogType> type, VpcFlowLogFormat vpcFormat, String glob,
                           boolean follow, Path lake, Path data, int partitions, String httpHost, int httpPort,
                           Optional<String> bearerToken, Map<String, Object> overrides,
                           Optional<NotifyConfig> alertDelivery, boolean blocking) {
    }

    private final Settings settings;
    private final Clock blocklistClock;
    private final Instant started = Instant.now();
    private final RuntimeMeters meters = new RuntimeMeters();
    private final InputLocations locations;
    private final InputFiles inputs;
    private final IngestedEventTime ingestedEventTime;
    private final AtomicBoolean stopIngest = new AtomicBoolean();
    private final AtomicBoolean stopSink = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<LogType, IngestSummary> ingested = new ConcurrentHashMap<>();
    private final List<Thread> ingesters = new ArrayList<>();
    private CountDownLatch ingestDone;
    private LocalCluster cluster;
    private Map<String, Object> common;
    private FlowSightStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private LakeSink sink;
    private KafkaClientMetrics sinkMetrics;
    private Thread sinkThread;
    private HttpApi http;
    private NotifyService notify;
    private RespondService respond;
    private boolean closed;

    private LocalRuntime(Settings settings, Clock blocklistClock) {
        this.settings = settings;
        this.blocklistClock = blocklistClock;
        this.locations = new InputLocations(settings.inputs(), settings.glob(), Optional.empty(),
                settings.overrides());
        if (settings.follow() && locations.hasS3()) {
            throw new IllegalArgumentException("--follow watches local files; give s3:// inputs without it (a run "
                    + "again reads only the objects that are new).");
        }
        this.inputs = new InputFiles(locations, settings.type());
        this.ingestedEventTime = new IngestedEventTime(settings.data());
    }

    /** Starts everything; the ingesters begin at once. */
    public static LocalRuntime start(Settings settings) throws Exception {
        return start(settings, Clock.systemUTC());
    }

    /**
     * Starts everything, the blocklist's time-to-lives running on {@code blocklistClock} (a test moves it past a
     * block's end rather than waiting four hours).
     */
    public static LocalRuntime start(Settings settings, Clock blocklistClock) throws Exception {
        LocalRuntime runtime = new LocalRuntime(settings, blocklistClock);
        try {
            runtime.startAll();
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startAll() throws Exception {
        Map<Optional<LogType>, List<Source>> files = inputs.byType();
        List<Source> unknown = files.getOrDefault(Optional.<LogType>empty(), List.of());
        if (!unknown.isEmpty()) {
            LOG.warn("{} files are of no log type FlowSight recognises and are not read (give --type if they are "
                    + "logs): {}", unknown.size(), unknown.stream().limit(5).map(Source::name).toList());
        }
        Files.createDirectories(settings.data());
        cluster = LocalCluster.start(settings.data());
        common = new HashMap<>();
        common.put("bootstrap.servers", cluster.bootstrapServers());
        common.put("schema.registry.url", cluster.schemaRegistryUrl());
        common.put(IngestConfig.TOPIC_REPLICATION_CONFIG, "1");
        common.putAll(settings.overrides());
        common.put(TopologyConfig.PARTITIONS_CONFIG, prepareTopics());

        startStreams();
        startSink();
        if (settings.alertDelivery().isPresent()) {
            // From the topic's start: on a first run the first alerts may be written before the consumers join.
            notify = NotifyService.start(settings.alertDelivery().get(), clientSettings(), prefix(), StartPosition.EARLIEST,
                    meters.registry());
        }
        if (settings.blocking()) {
            respond = RespondService.start(new BlocklistPolicyConfig(common), BlocklistTargets.from(common),
                    clientSettings(), prefix(), blocklistClock);
        }
        http = HttpApi.start(settings.httpHost(), settings.httpPort(), settings.bearerToken(),
                streams::liveQueries, () -> streams.streams().state(), Optional.of(settings.lake()), meters.registry(),
                new QueryConfig(common), new PeopleDecisions(Optional.of(SilenceTopic.open(common)),
                Optional.of(BlocklistTopic.open(common)), blocklistClock));
        startIngesters(files);
        LOG.info("FlowSight runs: Kafka at {}, schema registry at {}, HTTP API at {}, lake at {}",
                cluster.bootstrapServers(), cluster.schemaRegistryUrl(), http.url(), settings.lake().toAbsolutePath());
    }

    /** Creates missing topics; on a later run the existing topics' partition count wins. */
    private int prepareTopics() throws Exception {
        try (Admin admin = Admin.create(clientSettings())) {
            return TopologyTopics.prepare(admin, prefix(), settings.partitions(), Optional.of((short) 1));
        }
    }

    private void startStreams() {
        Map<String, Object> streamsSettings = new HashMap<>(common);
        streamsSettings.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        streamsSettings.put(StreamsConfig.STATE_DIR_CONFIG, settings.data().resolve("streams").toString());
        streams = new FlowSightStreams(streamsSettings);
        streams.streams().setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams.streams());
        streamsMetrics.bindTo(meters.registry());
        streams.start();
    }

    private void startSink() {
        Map<String, Object> sinkSettings = new HashMap<>(common);
        sinkSettings.put(SinkConfig.LAKE_DIR_CONFIG, settings.lake().toString());
        sink = new LakeSink(new SinkConfig(sinkSettings), Clock.systemUTC());
        sinkMetrics = sink.clientMetrics();
        sinkMetrics.bindTo(meters.registry());
        Gauge.builder("flowsight.sink.records.written", sink, LakeSink::recordsWritten)
                .description("Records the lake sink has written since the start").register(meters.registry());
        sinkThread = new Thread(() -> {
            try {
                sink.run(stopSink::get);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "flowsight-sink");
        sinkThread.start();
    }

    private void startIngesters(Map<Optional<LogType>, List<Source>> files) {
        List<LogType> types = new ArrayList<>();
        for (LogType type : LogType.values()) {
            if (settings.follow() || files.containsKey(Optional.of(type))) {
                types.add(type);
            }
        }
        ingestDone = new CountDownLatch(types.size());
        IngestMetrics metrics = new IngestMetrics(meters.registry());
        for (LogType type : types) {
            Thread thread = new Thread(() -> ingest(type, files.getOrDefault(Optional.of(type), List.of()), metrics),
                    "flowsight-ingest-" + type.cliName());
            ingesters.add(thread);
            thread.start();
        }
    }

    private void ingest(LogType type, List<Source> files, IngestMetrics metrics) {
        Map<String, Object> ingestSettings = new HashMap<>(common);
        ingestSettings.put(IngestConfig.TRANSACTIONAL_ID_CONFIG, "flowsight-run-ingest-" + type.cliName());
        IngestProgress quiet = (source, done, total, records, deadLetters) -> { };
        TransactionalIngester ingester = null;
        try (TransactionalIngester opened = new TransactionalIngester(new IngestConfig(ingestSettings), metrics,
                quiet, Clock.systemUTC()); KafkaClientMetrics producerMetrics = opened.clientMetrics()) {
            ingester = opened;
            producerMetrics.bindTo(meters.registry());
            IngestSummary summary = settings.follow()
                    ? opened.follow(type, settings.vpcFormat(), () -> inputs.localFilesOfType(type),
                    Duration.ofSeconds(1), stopIngest::get)
                    : opened.ingest(type, settings.vpcFormat(), files);
            ingested.put(type, summary);
            LOG.info("Ingested {}: {} records, {} dead letters from {} files", type.cliName(), summary.records(),
                    summary.deadLetters(), summary.files());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        } finally {
            // Also when stopped midway: a resumed run must still close the windows of what this one sent.
            if (ingester != null) {
                ingester.latestEventTime().ifPresent(ingestedEventTime::advanceTo);
            }
            ingestDone.countDown();
        }
    }

    /**
     * For a finite input: waits for the ingesters, sends the heartbeat that closes every window the input covers,
     * waits until the topology and the sink have caught up and stayed so for {@code idle}, then commits the lake's
     * open files and reports. The HTTP API keeps answering until {@link #close()}.
     */
    public RunSummary finishWhenIdle(Duration idle) throws Exception {
        while (!ingestDone.await(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            throwIfFailed();
        }
        throwIfFailed();
        Optional<Instant> watermark = closingWatermark();
        if (watermark.isPresent()) {
            int partitions = Heartbeats.send(clientSettings(), prefix(), watermark.get());
            LOG.info("Heartbeat at {} sent to {} partitions: every window of the input closes", watermark.get(),
                    partitions);
        }
        try (Admin admin = Admin.create(clientSettings())) {
            StreamsLag lag = new StreamsLag(admin, APPLICATION_ID, Heartbeats.rawTopics(prefix()));
            Instant quietSince = null;
            Instant lastReport = Instant.now();
            while (quietSince == null || Duration.between(quietSince, Instant.now()).compareTo(idle) < 0) {
                throwIfFailed();
                long checked = System.nanoTime();
                long behind = lag.total();
                boolean streamsDone = behind == 0;
                boolean sinkDone = sinkCaughtUpAfter(checked);
                boolean notifyDone = notifyCaughtUp(admin) && respondCaughtUp(admin);
                if (streamsDone && sinkDone && notifyDone) {
                    quietSince = quietSince == null ? Instant.now() : quietSince;
                } else {
                    quietSince = null;
                }
                if (Duration.between(lastReport, Instant.now()).compareTo(PROGRESS_EVERY) >= 0) {
                    LOG.info("Finishing: the stream processing has {} records to go; the lake sink has {}", behind,
                            sinkDone ? "read everything" : "records to read");
                    lastReport = Instant.now();
                }
            }
        }
        stopSink();
        throwIfFailed();
        return summary();
    }

    /** Whether every notify destination has committed its way to the end of the alerts topic (true without any). */
    private boolean notifyCaughtUp(Admin admin) throws Exception {
        if (notify == null) {
            return true;
        }
        if (!notify.running()) {
            throw new IllegalStateException("Alert delivery stopped on an error (see the log above).");
        }
        for (String group : notify.consumerGroups()) {
            if (new StreamsLag(admin, group, List.of(Topic.ALERTS.topicName(prefix()))).total() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the blocklist has decided on every alert (true when it does not run). */
    private boolean respondCaughtUp(Admin admin) throws Exception {
        if (respond == null) {
            return true;
        }
        if (!respond.running()) {
            throw new IllegalStateException("The blocklist stopped on an error (see the log above).");
        }
        return new StreamsLag(admin, RespondService.groupOf(prefix()), List.of(Topic.ALERTS.topicName(prefix())))
                .total() == 0;
    }

    /**
     * Whether the sink reports having read everything at a poll that began after {@code checked} (nanoTime): then it
     * has seen every result committed before that. Waits for such a poll for up to {@link #SINK_POLL_WAIT}.
     */
    private boolean sinkCaughtUpAfter(long checked) throws InterruptedException {
        long deadline = checked + SINK_POLL_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            OptionalLong asOf = sink.caughtUpAsOf();
            if (asOf.isPresent() && asOf.getAsLong() - checked > 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The heartbeat time that closes every window of what was ingested on this data directory. */
    private Optional<Instant> closingWatermark() {
        return ingestedEventTime.latest().map(streams.config()::closingWatermark);
    }

    private RunSummary summary() throws LakeQueryException {
        Map<String, Long> rows = new LinkedHashMap<>();
        List<String> alerts = new ArrayList<>();
        if (Files.isDirectory(settings.lake())) {
            try (LakeQueryService lake = LakeQueryService.open(settings.lake())) {
                for (String table : lake.tables()) {
                    rows.put(table, ((Number) lake.query("SELECT count(*) FROM " + table).rows().get(0).get(0))
                            .longValue());
                }
                if (lake.tables().contains("alerts")) {
                    QueryResult result = lake.query("SELECT ip, detector FROM alerts"
                            + " WHERE coalesce(status, 'firing') = 'firing' ORDER BY first_seen, ip, detector");
                    result.rows().forEach(row -> alerts.add(row.get(0) + " " + row.get(1)));
                }
            }
        }
        Map<LogType, IngestSummary> byType = new EnumMap<>(LogType.class);
        byType.putAll(ingested);
        return new RunSummary(byType, rows, alerts, settings.lake().toAbsolutePath().normalize(),
                Duration.between(started, Instant.now()));
    }

    /** The address of the HTTP API, e.g. http://127.0.0.1:8080. */
    public String httpUrl() {
        return http.url();
    }

    private Map<String, Object> clientSettings() {
        return ClientSettings.of(common);
    }

    public String prefix() {
        return String.valueOf(common.getOrDefault(TopologyConfig.TOPIC_PREFIX_CONFIG, Topic.DEFAULT_PREFIX));
    }

    /** The first failure of a stage, if any: the run cannot go on without it. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new IllegalStateException("A stage of the run failed: " + cause.getMessage()
                    + "; fix the cause and run again on the same --data to resume.", cause);
        }
        if (streams.streams().state() == KafkaStreams.State.ERROR
                || streams.streams().state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("The stream processing stopped (" + streams.streams().state()
                    + "; see the log); run again on the same --data to resume from its last commit.");
        }
    }

    private void stopSink() throws InterruptedException {
        if (sinkThread != null && sinkThread.isAlive()) {
            stopSink.set(true);
            sinkThread.join();
        }
    }

    /** Stops every stage, committing what each has done: nothing read is lost, nothing is written twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopIngest.set(true);
        for (Thread thread : ingesters) {
            if (!settings.follow()) {
                thread.interrupt();
            }
        }
        for (Thread thread : ingesters) {
            joinQuietly(thread);
        }
        try {
            stopSink();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sinkMetrics != null) {
            sinkMetrics.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (http != null) {
            http.close();
        }
        if (notify != null) {
            try {
                notify.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (respond != null) {
            try {
                respond.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("The blocklist stopped on an error", e);
            }
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (streams != null) {
            streams.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        meters.close();
        locations.close();
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
