package io.flowsight.topology;

import io.flowsight.schemas.ClientSettings;
import io.flowsight.topology.query.LiveQueries;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The topology as a running Kafka Streams application. Settings are one map: {@code flowsight.*} keys configure the
 * topology ({@link TopologyConfig}); everything else goes to Kafka Streams, its clients and the serde, over
 * FlowSight's defaults: application id {@code flowsight-topology}, {@code exactly_once_v2} (with its 100 ms commit
 * interval, which bounds how soon an alert is visible to read_committed consumers), state under
 * {@code ./flowsight-data/streams}, undeserializable records dead-lettered, and the state stores' RocksDB memory shared
 * and bounded ({@link BoundedRocksDbMemory}).
 */
public final class FlowSightStreams implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "flowsight-topology";
    public static final String DEFAULT_STATE_DIR = "flowsight-data/streams";

    private final TopologyConfig config;
    private final KafkaStreams streams;
    private final boolean staticMember;
    /** This instance's application.server, where other instances reach its live queries; empty when not given. */
    private final Optional<HostInfo> self;

    public FlowSightStreams(Map<String, ?> settings) {
        this.config = new TopologyConfig(ClientSettings.flowSightOnly(settings));
        Map<String, Object> clients = ClientSettings.of(settings);
        Properties properties = streamsProperties(settings);
        this.staticMember = properties.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                || properties.containsKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        this.streams = new KafkaStreams(FlowSightTopology.build(config, new TopologySerdes(clients)), properties);
        String server = properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "");
        this.self = server.isBlank() ? Optional.empty() : Optional.of(HostInfo.buildFromEndpoint(server));
    }

    /** Kafka Streams' properties: FlowSight's defaults, then the user's settings. */
    public static Properties streamsProperties(Map<String, ?> settings) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, DEFAULT_STATE_DIR);
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        // Most of what the topology sends is small changelog and repartition records: larger, LZ4-compressed batches
        // cost the broker fewer requests (about +18% records/s for the full VPC topology, see BENCHMARKS.md).
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        // The tasks with several input partitions (the top-N merger, the alert deduplicator) track every upstream
        // partition's progress themselves, so Kafka Streams need not hold them back to order records across partitions;
        // its waiting also formatted a log message per record (about 2% of the stream thread, see BENCHMARKS.md).
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);

        properties.putAll(settings);
        // Closing an hour window over millions of keys (ranking, rejected counts, deletes) happens inside one
        // transaction; with Kafka Streams' 10 s the broker aborted it mid-close on 10M-flow runs (the task then
        // migrated and redid the work). A crashed instance's transaction is aborted when it restarts, so the longer
        // timeout only matters if it never comes back. Never below the commit interval, which Streams refuses.
        String transactionTimeout = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (!properties.containsKey(transactionTimeout)) {
            Object commitInterval = properties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
            long commit = commitInterval == null ? 0 : Long.parseLong(commitInterval.toString());
            properties.put(transactionTimeout, (int) Math.min(Integer.MAX_VALUE, Math.max(60_000, commit)));
        }
        return properties;
    }


    public TopologyConfig config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public void start() {
        streams.start();
    }

    /** The interactive queries of this instance. */
    public LiveQueries liveQueries() {
        return new LiveQueries(streams, config, self);
    }

    /**
     * Stops the application and, unless it uses static membership ({@code group.instance.id}), leaves the group: by
     * default Kafka Streams stays a member, so the next start waits out the old member's session timeout (45 s)
     * before it gets its tasks.
     */
    @Override
    public void close() {
        CloseOptions.GroupMembershipOperation membership = staticMember
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(membership));
    }
}
