package io.flowsight.respond.service;

import io.flowsight.respond.file.BlocklistFileFormat;
import io.flowsight.respond.file.FileBlocklistTarget;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.MovableClock;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicLeaders;
import io.flowsight.testsupport.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The blocklist as a running stage on a real broker: the demo's planted attackers are blocked once, the internal
 * exfiltration source is refused by the allow-list and the refusal audited, and once the time-to-live has passed (a
 * test clock) they are gone; in dry-run the same decisions are recorded and no file is written.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class RespondServiceIT {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path work;
    KafkaCluster kafka;
    SchemaRegistryUrl registry;
    String prefix;
    Map<String, Object> clients;

    @BeforeEach
    void topics(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        this.kafka = kafka;
        this.registry = registry;
        prefix = "respond-" + UUID.randomUUID() + ".";
        clients = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCreation.ensure(admin, prefix, EnumSet.of(Topic.ALERTS, Topic.BLOCKLIST), 2, Optional.of((short) 1),
                    List.of());
            TopicLeaders.await(admin, List.of(Topic.ALERTS.topicName(prefix), Topic.BLOCKLIST.topicName(prefix)),
                    Duration.ofSeconds(30));
        }
    }

    @Test
    void enforcingBlocksTheAttackersOnceRefusesTheInternalSourceAndForgetsThemAfterTheTimeToLive() throws Exception {
        Path file = work.resolve("blocklist.txt");
        MovableClock clock = new MovableClock(NOW);
        alert("198.51.100.23", "port_scan", "firing");
        alert("203.0.113.45", "brute_force", "firing");
        alert("10.0.2.15", "traffic_spike", "firing");
        alert("198.51.100.23", "port_scan", "resolved");

        try (RespondService service = RespondService.start(config(true), List.of(new FileBlocklistTarget(file,
                BlocklistFileFormat.PLAIN)), clients, prefix, clock)) {
            await(() -> contents(file).equals("198.51.100.23\n203.0.113.45\n"), () -> "the file lists the attackers: "
                    + contents(file));
            List<ConsumerRecord<String, BlocklistChange>> decided = TopicRecords.readCommitted(kafka, registry,
                    Topic.BLOCKLIST.topicName(prefix), BlocklistChange.class, 3, Duration.ofSeconds(30));
            assertThat(decided).extracting(r -> r.value().getAddress(), r -> r.value().getAction(),
                            r -> r.value().getBlocked(), r -> r.value().getEnforced())
                    .containsExactlyInAnyOrder(tuple("198.51.100.23", "block", true, true),
                            tuple("203.0.113.45", "block", true, true), tuple("10.0.2.15", "refuse", false, true));

            clock.set(NOW.plus(Duration.ofHours(4)).plusSeconds(1));
            await(() -> contents(file).isEmpty(), () -> "the blocks expire: " + contents(file));
            assertThat(service.current().activeAt(clock.instant())).isEmpty();
        }
        List<ConsumerRecord<String, BlocklistChange>> all = TopicRecords.readCommitted(kafka, registry,
                Topic.BLOCKLIST.topicName(prefix), BlocklistChange.class, 5, Duration.ofSeconds(30));
        assertThat(all).extracting(r -> r.value().getAction()).filteredOn("expire"::equals).hasSize(2);

        try (RespondService again = RespondService.start(config(true), List.of(), clients, prefix, clock)) {
            Thread.sleep(3_000);
            assertThat(again.current().activeAt(clock.instant())).as("rebuilt from the topic").isEmpty();
        }
        assertThat(TopicRecords.readCommitted(kafka, registry, Topic.BLOCKLIST.topicName(prefix),
                BlocklistChange.class, 5, Duration.ofSeconds(5))).as("the committed alerts decide nothing again")
                .hasSize(5);
    }

    @Test
    void dryRunRecordsTheSameDecisionsAndTouchesNoTarget() throws Exception {
        Path file = work.resolve("blocklist.txt");
        alert("198.51.100.23", "port_scan", "firing");
        try (RespondService service = RespondService.start(config(false), List.of(new FileBlocklistTarget(file,
                BlocklistFileFormat.PLAIN)), clients, prefix, new MovableClock(NOW))) {
            List<ConsumerRecord<String, BlocklistChange>> decided = TopicRecords.readCommitted(kafka, registry,
                    Topic.BLOCKLIST.topicName(prefix), BlocklistChange.class, 1, Duration.ofSeconds(30));
            assertThat(decided).extracting(r -> r.value().getAction(), r -> r.value().getEnforced())
                    .containsExactly(tuple("block", false));
            assertThat(service.current().activeAt(NOW)).hasSize(1);
        }
        assertThat(file).doesNotExist();
    }

    private BlocklistPolicyConfig config(boolean enforce) {
        return new BlocklistPolicyConfig(Map.of(BlocklistPolicyConfig.DETECTORS_CONFIG, "*",
                BlocklistPolicyConfig.MIN_SEVERITY_CONFIG, "medium", BlocklistPolicyConfig.ENFORCE_CONFIG,
                String.valueOf(enforce)));
    }

    private void alert(String ip, String detector, String status) throws Exception {
        Instant seen = NOW.minus(Duration.ofMinutes(5));
        SuspiciousIpAlert alert = SuspiciousIpAlert.newBuilder().setAlertId(ip + "|" + detector + "|" + seen)
                .setIp(ip).setDetector(detector).setSeverity("high").setWindowStart(seen)
                .setWindowEnd(seen.plusSeconds(60)).setFirstSeen(seen).setLastSeen(seen).setScore(null)
                .setSummary(ip + " " + detector).setEvidence(Map.of()).setStatus(status).setOccurrences(1)
                .setResolvedAt(status.equals("resolved") ? seen.plus(Duration.ofHours(1)) : null)
                .setLogType("vpcflow").setInternal(ip.startsWith("10.")).build();
        Map<String, Object> settings = new HashMap<>(clients);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (SpecificAvroSerializer<SuspiciousIpAlert> serializer = new SpecificAvroSerializer<>();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                     new ByteArraySerializer())) {
            serializer.configure(settings, false);
            String topic = Topic.ALERTS.topicName(prefix);
            producer.send(new ProducerRecord<>(topic, 0, ip, serializer.serialize(topic, alert))).get();
        }
    }

    private static String contents(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no file)";
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (!Instant.now().isBefore(deadline)) {
                throw new AssertionError("Waited 60 s until " + what.get());
            }
            Thread.sleep(100);
        }
    }
}
