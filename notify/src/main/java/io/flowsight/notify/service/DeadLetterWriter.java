package io.flowsight.notify.service;

import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.schemas.NotificationDeadLetter;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes undeliverable notifications to the notify dead-letter topic (key: the destination), acknowledged by every
 * replica before the worker commits past the alert: a notification is delivered or dead-lettered, never neither.
 * Shared by the workers (a Kafka producer is thread-safe).
 */
final class DeadLetterWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final SpecificAvroSerializer<NotificationDeadLetter> values = new SpecificAvroSerializer<>();
    private final String topic;

    DeadLetterWriter(Map<String, Object> clientSettings, String topic) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.values.configure(settings, false);
        this.topic = topic;
    }

    /** A delivery that gave up. */
    void write(String destinationType, DeliveryOutcome.DeadLetter failed) throws InterruptedException {
        List<AlertNotification> notifications = failed.notifications();
        send(NotificationDeadLetter.newBuilder().setDestination(failed.destination())
                .setDestinationType(destinationType)
                .setAlertIds(notifications.stream().map(AlertNotification::alertId).toList())
                .setAlertStatus(notifications.get(0).status().name().toLowerCase(Locale.ROOT))
                .setReason(failed.reason().name().toLowerCase(Locale.ROOT)).setAttempts(failed.attempts())
                .setLastStatus(failed.lastStatus().isPresent() ? failed.lastStatus().getAsInt() : null)
                .setResponseExcerpt(failed.bodyExcerpt()).setExplanation(failed.explanation())
                .setFailedAt(failed.at()).build());
    }

    /** An alert record this destination could not even read (bad bytes, an unknown severity or status). */
    void writeUnreadable(String destination, String destinationType, String alertId, String problem, Instant at)
            throws InterruptedException {
        send(NotificationDeadLetter.newBuilder().setDestination(destination).setDestinationType(destinationType)
                .setAlertIds(alertId == null ? List.of() : List.of(alertId)).setAlertStatus("unknown")
                .setReason("unreadable").setAttempts(0).setLastStatus(null).setResponseExcerpt(problem)
                .setExplanation("The alert record could not be read, so it was not sent; see the response excerpt"
                        + " for why.")
                .setFailedAt(at).build());
    }

    private void send(NotificationDeadLetter deadLetter) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, deadLetter.getDestination(),
                    values.serialize(topic, deadLetter))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write to the notify dead-letter topic " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
        values.close();
    }
}
