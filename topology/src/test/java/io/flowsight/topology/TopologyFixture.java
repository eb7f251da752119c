package io.flowsight.topology;

import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.AnomalyWindow;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.Heartbeat;
import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.RuleDocument;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.WatchlistEntry;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The whole topology on a TopologyTestDriver, with typed input and output topics and a local registry. */
final class TopologyFixture implements AutoCloseable {
    static final String DAY = "2026-11-22T";

    final LocalSchemaRegistry registry;
    final SchemaRegistryHttpServer server;
    final TopologyTestDriver driver;
    final TestInputTopic<String, VpcFlowLog> flows;
    final TestInputTopic<String, AlbLogEntry> alb;
    final TestInputTopic<String, CloudTrailEvent> cloudtrail;
    final TestInputTopic<String, WatchlistEntry> watchlist;
    final TestInputTopic<String, RuleDocument> publishedRules;

    final TestOutputTopic<String, TopTalkers> topTalkers;
    final TestOutputTopic<String, RejectedCount> rejected;
    final TestOutputTopic<String, AnomalyWindow> anomalies;
    final TestOutputTopic<String, SuspiciousIpAlert> alerts;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    final TestOutputTopic<String, Finding> findings;

    TopologyFixture(Path registryData, Map<String, Object> settings) {
        registry = LocalSchemaRegistry.open(registryData);
        server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null);
        TopologySerdes serdes = new TopologySerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url()));
        Map<String, Object> config = new HashMap<>();
        config.put(TopologyConfig.PARTITIONS_CONFIG, 1);
        config.put(TopologyConfig.WINDOWS_CONFIG, "1m");
        // Exact outputs are written for the rules a test names, not for whatever the built-in pack holds.
        config.put(TopologyConfig.RULES_BUILTIN_CONFIG, false);
        config.putAll(settings);
        Map<String, Object> streamsSettings = new HashMap<>(config);
        streamsSettings.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        streamsSettings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        streamsSettings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url());
        Properties properties = FlowSightStreams.streamsProperties(streamsSettings);
        driver = new TopologyTestDriver(FlowSightTopology.build(new TopologyConfig(config), serdes), properties,
                Instant.parse(DAY + "12:00:00Z"));
        flows = driver.createInputTopic(Topic.RAW_VPCFLOW.topicName(), Serdes.String().serializer(),
                serdes.of(VpcFlowLog.class).serializer());
        alb = driver.createInputTopic(Topic.RAW_ALB.topicName(), Serdes.String().serializer(),
                serdes.of(AlbLogEntry.class).serializer());
        cloudtrail = driver.createInputTopic(Topic.RAW_CLOUDTRAIL.topicName(), Serdes.String().serializer(),
                serdes.of(CloudTrailEvent.class).serializer());
        watchlist = driver.createInputTopic(Topic.WATCHLIST.topicName(), Serdes.String().serializer(),
                serdes.of(WatchlistEntry.class).serializer());
        publishedRules = driver.createInputTopic(Topic.RULES.topicName(), Serdes.String().serializer(),
                serdes.of(RuleDocument.class).serializer());
        topTalkers = driver.createOutputTopic(Topic.TOP_TALKERS.topicName(), Serdes.String().deserializer(),
                serdes.of(TopTalkers.class).deserializer());
        rejected = driver.createOutputTopic(Topic.REJECTED.topicName(), Serdes.String().deserializer(),
                serdes.of(RejectedCount.class).deserializer());
        anomalies = driver.createOutputTopic(Topic.ANOMALIES.topicName(), Serdes.String().deserializer(),
                serdes.of(AnomalyWindow.class).deserializer());
        alerts = driver.createOutputTopic(Topic.ALERTS.topicName(), Serdes.String().deserializer(),
                serdes.of(SuspiciousIpAlert.class).deserializer());
        deadLetters = driver.createOutputTopic(Topic.DEAD_LETTER.topicName(), Serdes.String().deserializer(),
                serdes.of(DeadLetter.class).deserializer());
        findings = driver.createOutputTopic(Topic.FINDINGS.topicName(), Serdes.String().deserializer(),
                serdes.of(Finding.class).deserializer());
    }

    static Instant at(String time) {
        return Instant.parse(DAY + time + "Z");
    }

    /** A flow as the ingester keys it: by source address. */
    void flow(String src, String dst, int dstport, long bytes, String action, String time) {
        Instant start = at(time);
        flows.pipeInput(new TestRecord<>(src, VpcFlowLog.newBuilder().setVersion(2).setInterfaceId("eni-1")
                .setSrcaddr(src).setDstaddr(dst).setSrcport(40000).setDstport(dstport).setProtocol(6L).setPackets(1L)
                .setBytes(bytes).setAction(action).setStart(start.getEpochSecond())
                .setEnd(start.getEpochSecond() + 60).setEventTime(start).build(), start));
    }

    /** A heartbeat on the flow topic: no event older than {@code time} follows. */
    void flowHeartbeat(String time) {
        Instant watermark = at(time);
        flows.pipeInput(new TestRecord<>(null, null, Heartbeat.headers(watermark), watermark));
    }

    void albHeartbeat(String time) {
        Instant watermark = at(time);
        alb.pipeInput(new TestRecord<>(null, null, Heartbeat.headers(watermark), watermark));
    }

    void cloudTrailHeartbeat(String time) {
        Instant watermark = at(time);
        cloudtrail.pipeInput(new TestRecord<>(null, null, Heartbeat.headers(watermark), watermark));
    }

    @Override
    public void close() {
        driver.close();
        server.close();
        registry.close();
    }
}
