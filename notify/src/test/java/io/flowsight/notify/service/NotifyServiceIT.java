package io.flowsight.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.notify.config.NotifyConfig;
import io.flowsight.notify.config.NotifyConfigLoader;
import io.flowsight.schemas.NotificationDeadLetter;
import io.flowsight.schemas.Silence;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.StandardWebhooksReceiver;
import io.flowsight.testsupport.TopicLeaders;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Alert delivery against a real broker and loopback webhook receivers that verify each request's Standard Webhooks
 * signature: retries until the receiver accepts, dead letters for a receiver that refuses, silences, and no
 * notification lost when the receiver or FlowSight is stopped and started again.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class NotifyServiceIT {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Instant T = Instant.parse("2026-11-22T08:00:00Z");

    KafkaCluster kafka;
    SchemaRegistryUrl registry;
    String prefix;
    Map<String, Object> clientSettings;
    StandardWebhooksReceiver soc;
    StandardWebhooksReceiver refusing;

    @BeforeEach
    void topicsAndReceivers(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        this.kafka = kafka;
        this.registry = registry;
        prefix = "notify-" + UUID.randomUUID() + ".";
        clientSettings = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCreation.ensure(admin, prefix, EnumSet.of(Topic.ALERTS, Topic.SILENCES, Topic.NOTIFY_DEAD_LETTER),
                    2, Optional.of((short) 1), List.of());
            TopicLeaders.await(admin, List.of(Topic.ALERTS.topicName(prefix), Topic.SILENCES.topicName(prefix),
                    Topic.NOTIFY_DEAD_LETTER.topicName(prefix)), Duration.ofSeconds(30));
        }
        soc = new StandardWebhooksReceiver(SECRET);
        refusing = new StandardWebhooksReceiver(SECRET);
    }

    @AfterEach
    void stopReceivers() {
        soc.close();
        refusing.close();
    }

    @Test
    void eachAlertReachesTheReceiverOnceAcceptedWhatIsRefusedIsDeadLetteredAndSilencedAlertsAreNotSent()
            throws Exception {
        send(Topic.SILENCES, "s-1", Silence.newBuilder().setSilenceId("s-1").setAddress("198.51.100.0/24")
                .setDetector(null).setStartsAt(Instant.now().minusSeconds(60))
                .setEndsAt(Instant.now().plus(Duration.ofHours(1))).setComment("our scanner").setCreatedBy("ops")
                .build());
        send(Topic.ALERTS, "203.0.113.7", alert("203.0.113.7", "firing"));
        send(Topic.ALERTS, "198.51.100.9", alert("198.51.100.9", "firing"));
        send(Topic.ALERTS, "203.0.113.7", alert("203.0.113.7", "resolved"));
        soc.answerNext(500, 503);
        refusing.answerNext(400, 400);

        try (NotifyService service = NotifyService.start(config(), clientSettings, prefix, StartPosition.EARLIEST,
                new SimpleMeterRegistry())) {
            await(() -> soc.accepted().size() == 2, "soc receives the firing and the resolution");
            List<ConsumerRecord<String, NotificationDeadLetter>> deadLetters = TopicRecords.readCommitted(kafka,
                    registry, Topic.NOTIFY_DEAD_LETTER.topicName(prefix), NotificationDeadLetter.class, 2,
                    Duration.ofSeconds(30));
            assertThat(deadLetters).extracting(ConsumerRecord::key, r -> r.value().getAlertIds(),
                            r -> r.value().getAlertStatus(), r -> r.value().getReason(), r -> r.value().getAttempts(),
                            r -> r.value().getLastStatus())
                    .containsExactly(
                            tuple("refusing", List.of(alertId("203.0.113.7")), "firing", "rejected", 1, 400),
                            tuple("refusing", List.of(alertId("203.0.113.7")), "resolved", "rejected", 1, 400));
            assertThat(service.running()).isTrue();
        }
        assertThat(soc.requests()).as("two refused attempts, then the two notifications").isEqualTo(4);
        assertThat(bodies(soc)).extracting(body -> body.get("alert_id").asText(), body -> body.get("status").asText())
                .as("the silenced address is not sent")
                .containsExactly(tuple(alertId("203.0.113.7"), "firing"), tuple(alertId("203.0.113.7"), "resolved"));
    }

    @Test
    void aReceiverStoppedAndStartedAgainAndARestartedFlowSightLoseNothingAndRepeatNothing() throws Exception {
        send(Topic.ALERTS, "203.0.113.7", alert("203.0.113.7", "firing"));
        try (NotifyService service = NotifyService.start(config(), clientSettings, prefix, StartPosition.EARLIEST,
                new SimpleMeterRegistry())) {
            await(() -> soc.accepted().size() == 1, "the first alert arrives");
            soc.stop();
            send(Topic.ALERTS, "203.0.113.8", alert("203.0.113.8", "firing"));
            Thread.sleep(1_000);
            soc.start();
            await(() -> soc.accepted().size() == 2, () -> "the alert sent while the receiver was down arrives once it"
                    + " is up (" + soc.requests() + " requests so far)");
        }
        send(Topic.ALERTS, "203.0.113.9", alert("203.0.113.9", "firing"));
        try (NotifyService again = NotifyService.start(config(), clientSettings, prefix, StartPosition.EARLIEST,
                new SimpleMeterRegistry())) {
            await(() -> soc.accepted().size() == 3, "the alert written while FlowSight was stopped arrives");
            Thread.sleep(2_000);
        }
        assertThat(bodies(soc)).extracting(body -> body.get("ip").asText())
                .as("each once: the restarted worker resumes after what it committed")
                .containsExactly("203.0.113.7", "203.0.113.8", "203.0.113.9");
    }

    private static List<JsonNode> bodies(StandardWebhooksReceiver receiver) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> bodies = new ArrayList<>();
        for (StandardWebhooksReceiver.Delivery delivery : receiver.accepted()) {
            bodies.add(json.readTree(delivery.body()));
        }
        return bodies;
    }

    private NotifyConfig config() {
        // Short HTTP timeouts: a request caught by the receiver's stop gives way to the next attempt within seconds.
        return new NotifyConfigLoader(Map.of("SECRET", SECRET)).parse("""
                http:
                  connect-timeout: 1s
                  request-timeout: 2s
                destinations:
                  - name: soc
                    type: webhook
                    url: %s
                    secret: ${SECRET}
                    retry:
                      max-attempts: 100
                      base-delay: 20ms
                      max-delay: 200ms
                  - name: refusing
                    type: webhook
                    url: %s
                    secret: ${SECRET}
                    retry:
                      max-attempts: 3
                      base-delay: 20ms
                      max-delay: 200ms
                """.formatted(soc.url(), refusing.url()), "NotifyServiceIT");
    }

    private static String alertId(String ip) {
        return ip + "|port_scan|" + T;
    }

    private static SuspiciousIpAlert alert(String ip, String status) {
        boolean resolved = status.equals("resolved");
        return SuspiciousIpAlert.newBuilder().setAlertId(alertId(ip)).setIp(ip).setDetector("port_scan")
                .setSeverity("medium").setWindowStart(T).setWindowEnd(T.plusSeconds(60)).setFirstSeen(T)
                .setLastSeen(T.plusSeconds(50)).setScore(1.0).setSummary(ip + ": 50 destination ports in a minute.")
                .setEvidence(Map.of("observed", "50")).setStatus(status).setOccurrences(resolved ? 3 : 1)
                .setResolvedAt(resolved ? T.plus(Duration.ofHours(1)) : null).setLogType("vpcflow")
                .setInternal(false).build();
    }

    private <T extends SpecificRecord> void send(Topic topic, String key, T value) throws Exception {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                     new ByteArraySerializer())) {
            serializer.configure(settings, false);
            String name = topic.topicName(prefix);
            // One partition for the test's alerts, so their order is the order they were written.
            producer.send(new ProducerRecord<>(name, 0, key, serializer.serialize(name, value))).get();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (!Instant.now().isBefore(deadline)) {
                throw new AssertionError("Waited 60 s until " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
