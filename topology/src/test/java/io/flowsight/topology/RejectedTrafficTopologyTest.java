package io.flowsight.topology;

import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Rejected flows per minute, final once the window and its 15-minute grace have passed. */
class RejectedTrafficTopologyTest {
    @TempDir
    Path registryData;
    LocalSchemaRegistry registry;
    SchemaRegistryHttpServer server;
    TopologyTestDriver driver;
    TestInputTopic<String, VpcFlowLog> flows;
    TestOutputTopic<String, RejectedCount> rejected;

    @BeforeEach
    void start() {
        registry = LocalSchemaRegistry.open(registryData);
        server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null);
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url());
        SpecificAvroSerde<VpcFlowLog> flowSerde = SpecificAvroSerde.of(VpcFlowLog.class, serde, false);
        SpecificAvroSerde<RejectedCount> countSerde = SpecificAvroSerde.of(RejectedCount.class, serde, false);
        StreamsBuilder builder = new StreamsBuilder();
        RejectedTrafficTopology.build(builder, "flowsight.", flowSerde, countSerde, Duration.ofMinutes(1),
                Duration.ofMinutes(15));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "rejected-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        driver = new TopologyTestDriver(builder.build(), properties);
        flows = driver.createInputTopic(Topic.RAW_VPCFLOW.topicName(), Serdes.String().serializer(), flowSerde.serializer());
        rejected = driver.createOutputTopic(Topic.REJECTED.topicName(), Serdes.String().deserializer(),
                countSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        server.close();
        registry.close();
    }

    @Test
    void countsAreFinalAfterGraceAndIncludeLateFlowsWithinIt() {
        send("10.0.0.2", 22, 100, "REJECT", "08:00:10");
        send("10.0.0.2", 22, 200, "REJECT", "08:00:40");
        send("10.0.0.9", 443, 999, "ACCEPT", "08:00:20");
        send("10.0.0.3", 22, 7, "REJECT", "08:00:50");
        send("10.0.0.4", 3389, 1, "REJECT", "08:05:00");
        send("10.0.0.2", 22, 50, "REJECT", "08:00:30"); // 4.5 minutes late: within grace
        assertThat(rejected.isEmpty()).as("nothing before the window closes").isTrue();

        // Stream time (after the repartition by dimension) passes 08:01 + 15 min only with a record that reaches
        // the aggregation: a rejected one. Its own window stays open.
        send("10.0.0.9", 443, 1, "REJECT", "08:16:00");

        Map<String, String> out = new TreeMap<>();
        rejected.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value.getCount() + " flows, "
                + kv.value.getBytes() + " bytes, " + kv.value.getWindowStart() + "/" + kv.value.getWindowEnd()));
        assertThat(out).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|vpc_dstport|22", "4 flows, 357 bytes, 2026-11-22T08:00:00Z/2026-11-22T08:01:00Z"),
                Map.entry("2026-11-22T08:00:00Z|vpc_interface|eni-1", "4 flows, 357 bytes, 2026-11-22T08:00:00Z/2026-11-22T08:01:00Z"),
                Map.entry("2026-11-22T08:00:00Z|vpc_src|10.0.0.2", "3 flows, 350 bytes, 2026-11-22T08:00:00Z/2026-11-22T08:01:00Z"),
                Map.entry("2026-11-22T08:00:00Z|vpc_src|10.0.0.3", "1 flows, 7 bytes, 2026-11-22T08:00:00Z/2026-11-22T08:01:00Z"));
    }

    @Test
    void aFlowLaterThanGraceDoesNotReopenAClosedWindow() {
        send("10.0.0.2", 22, 100, "REJECT", "08:00:10");
        send("10.0.0.9", 443, 1, "REJECT", "08:16:00");
        assertThat(rejected.readKeyValuesToList()).hasSize(3);
        send("10.0.0.2", 22, 100, "REJECT", "08:00:20"); // beyond grace: dropped by the closed window
        send("10.0.0.9", 443, 1, "REJECT", "08:17:01");
        assertThat(rejected.readKeyValuesToList()).as("08:00 is not re-emitted and 08:16 closes only at 08:32")
                .isEmpty();
        send("10.0.0.9", 443, 1, "REJECT", "08:32:00");
        assertThat(rejected.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("2026-11-22T08:16:00Z|vpc_src|10.0.0.9", "2026-11-22T08:16:00Z|vpc_dstport|443",
                        "2026-11-22T08:16:00Z|vpc_interface|eni-1");
    }

    private void send(String src, int dstport, long bytes, String action, String time) {
        Instant at = Instant.parse("2026-11-22T" + time + "Z");
        flows.pipeInput(src, VpcFlowLog.newBuilder().setVersion(2).setInterfaceId("eni-1").setSrcaddr(src)
                .setDstaddr("172.31.0.1").setSrcport(40000).setDstport(dstport).setBytes(bytes).setAction(action)
                .setStart(at.getEpochSecond()).setEventTime(at).build(), at);
    }
}
