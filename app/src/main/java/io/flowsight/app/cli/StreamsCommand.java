package io.flowsight.app.cli;

import io.flowsight.app.http.HttpApi;
import io.flowsight.app.http.PeopleDecisions;
import io.flowsight.app.topics.BlocklistTopic;
import io.flowsight.app.topics.SilenceTopic;
import io.flowsight.app.runtime.RuntimeMeters;
import io.flowsight.queries.sql.QueryConfig;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.topology.FlowSightStreams;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.TopologyTopics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code flowsight streams}: runs the Kafka Streams topology against a cluster until interrupted. */
@Command(name = "streams",
        description = "Run the stream processing: top-N talkers, rejected-traffic counts, anomaly windows and "
                + "suspicious-IP alerts, from the raw topics to the aggregate and alert topics, exactly once. Runs "
                + "until interrupted; more instances with the same application id share the partitions.")
public final class StreamsCommand implements java.util.concurrent.Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsCommand.class);


    @Mixin
    KafkaConnectionOptions connection;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = FlowSightStreams.DEFAULT_STATE_DIR,
            description = "Where the local state stores live (default: ${DEFAULT-VALUE}); rebuilt from Kafka when lost.")
    Path stateDirectory;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = FlowSightStreams.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id, shared by the instances of one deployment "
                    + "(default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "Serve the HTTP API (live top talkers, rejected counts, alerts, one address; /metrics for "
                    + "Prometheus; /health) on this address, e.g. 0.0.0.0:8080 in a container (default: none).")
    String http;

    @Option(names = "--http-token", paramLabel = "TOKEN", defaultValue = "${env:FLOWSIGHT_HTTP_TOKEN}",
            description = "Require 'Authorization: Bearer TOKEN' on the API (default: $FLOWSIGHT_HTTP_TOKEN, else none).")
    String httpToken;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = new HashMap<>(connection.settings());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        Optional<HttpAddress> httpAddress = Optional.ofNullable(http).map(HttpAddress::parse);
        httpAddress.ifPresent(address -> settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, address.advertised()));
        prepareTopics(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        try (FlowSightStreams app = new FlowSightStreams(settings); RuntimeMeters meters = new RuntimeMeters();
             KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(app.streams())) {
            streamsMetrics.bindTo(meters.registry());
            PeopleDecisions decisions = new PeopleDecisions(Optional.of(SilenceTopic.open(settings)),
                    Optional.of(BlocklistTopic.open(settings)), Clock.systemUTC());
            Optional<HttpApi> api = httpAddress.map(address -> HttpApi.start(address.host(), address.port(),
                    Optional.ofNullable(httpToken).filter(t -> !t.isBlank()), app::liveQueries,
                    () -> app.streams().state(), Optional.empty(), meters.registry(), QueryConfig.defaults(),
                    decisions));
            app.streams().setStateListener((now, before) -> {
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    stopped.countDown();
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "flowsight-streams-stop"));
            app.start();
            spec.commandLine().getOut().println("Stream processing runs as '" + applicationId + "' on "
                    + app.config().partitions() + " partitions" + api.map(a -> "; HTTP API at " + a.url()).orElse("")
                    + "; Ctrl-C stops it cleanly.");
            spec.commandLine().getOut().flush();
            stopped.await();
            api.ifPresent(HttpApi::close);
            if (app.streams().state() == KafkaStreams.State.ERROR) {
                spec.commandLine().getErr().println("Stream processing stopped on an error (see the log above); "
                        + "fix its cause and start it again: it resumes from its last commit.");
                return 1;
            }
        }
        return 0;
    }

    /**
     * Creates missing topics and builds the topology with the raw topics' partition count (the top-N merger and the
     * watermarks after a repartition follow every raw partition); a different flowsight.topic.partitions only sizes
     * topics created now.
     */
    private static void prepareTopics(Map<String, Object> settings) throws Exception {
        String prefix = KafkaConnectionOptions.topicPrefix(settings);
        short replication = Short.parseShort(String.valueOf(settings.getOrDefault("flowsight.topic.replication.factor",
                "-1")));
        Object requested = settings.get(TopologyConfig.PARTITIONS_CONFIG);
        int forNewTopics = requested == null ? new TopologyConfig(Map.of()).partitions()
                : Integer.parseInt(String.valueOf(requested));
        try (Admin admin = Admin.create(ClientSettings.of(settings))) {
            int partitions = TopologyTopics.prepare(admin, prefix, forNewTopics,
                    replication < 0 ? Optional.empty() : Optional.of(replication));
            if (requested != null && partitions != forNewTopics) {
                LOG.warn("{}={} is not used: FlowSight's raw topics exist with {} partitions, and the topology must "
                        + "follow them (kafka-topics.sh --alter --partitions adds partitions).",
                        TopologyConfig.PARTITIONS_CONFIG, forNewTopics, partitions);
            }
            settings.put(TopologyConfig.PARTITIONS_CONFIG, partitions);
        }
    }
}
