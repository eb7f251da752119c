package io.flowsight.notify.service;

import io.flowsight.notify.ActiveAlerts;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.notify.DestinationSender;
import io.flowsight.notify.ResendingReceiver;
import io.flowsight.schemas.Silence;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers the alerts topic to one destination, on its own thread and in its own consumer group
 * ({@code <prefix>notify-<destination>}), so a slow or dead receiver delays only itself. Reads with
 * {@code read_committed}; an alert is delivered (the receiver answered 2xx), held back by a silence, filtered out,
 * or written to the notify dead-letter topic before the group commits past it: at least once to the receiver,
 * de-duplicable by the alert id. For Alertmanager, the alerts still firing are re-sent every re-send interval, as
 * Alertmanager forgets an alert it does not hear of again within its {@code resolve_timeout}.
 */
final class DestinationWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final DestinationSender sender;
    private final KafkaConsumer<String, byte[]> consumer;
    private final SpecificAvroDeserializer<SuspiciousIpAlert> alerts = new SpecificAvroDeserializer<>();
    private final String topic;
    private final ActiveSilences silences;
    private final DeadLetterWriter deadLetters;
    private final Clock clock;
    private final ActiveAlerts firing = new ActiveAlerts();
    private Instant nextResend;
    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

    DestinationWorker(DestinationSender sender, Map<String, Object> clientSettings, String groupPrefix, String topic,
                      StartPosition start, ActiveSilences silences, DeadLetterWriter deadLetters, Clock clock) {
        this.sender = sender;
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(groupPrefix, sender.destination().name()));
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, start.name().toLowerCase(Locale.ROOT));
        // A delivery may wait out its whole retry policy (minutes); fewer records per poll and a long poll interval
        // keep the group from evicting a worker that is only being patient with its receiver.
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(1).toMillis());
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        this.alerts.configure(settings, false);
        this.topic = topic;
        this.silences = silences;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.nextResend = clock.instant();
    }

    /** The consumer group a destination's progress is committed in. */
    static String groupOf(String groupPrefix, String destination) {
        return groupPrefix + "notify-" + destination;
    }

    @Override
    public void run() {
        String name = sender.destination().name();
        try {
            consumer.subscribe(List.of(topic));
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                }
                commitProgress();
                resendIfDue();
            }
        } catch (WakeupException | InterruptException | InterruptedException stopping) {
            LOG.debug("Destination {}: stopping; alerts not yet committed are delivered after a restart", name);
        } catch (RuntimeException e) {
            LOG.error("Destination {}: delivery stopped; alerts not yet committed are delivered after a restart", name,
                    e);
        } finally {
            // Stopping may have interrupted this thread; a consumer closed with the flag set leaves its group late.
            Thread.interrupted();
            consumer.close(Duration.ofSeconds(5));
            alerts.close();
        }
    }

    /** Ends the loop from another thread: wakes a waiting poll. */
    void stop() {
        consumer.wakeup();
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        AlertNotification notification;
        try {
            notification = AlertNotification.from(alerts.deserialize(topic, record.value()));
        } catch (RuntimeException unreadable) {
            deadLetters.writeUnreadable(sender.destination().name(), sender.destination().receiver().kind(),
                    record.key(), unreadable.getMessage() == null ? unreadable.toString() : unreadable.getMessage(),
                    clock.instant());
            return;
        }
        if (!sender.destination().filter().accepts(notification)) {
            return;
        }
        Optional<Silence> silence = silences.silencing(notification, clock.instant());
        if (silence.isPresent()) {
            LOG.info("Destination {}: alert {} ({}) not sent: silenced by {} until {}", sender.destination().name(),
                    notification.alertId(), notification.status(), silence.get().getSilenceId(),
                    silence.get().getEndsAt());
            return;
        }
        firing.record(notification);
        DeliveryOutcome outcome = sender.deliver(notification);
        if (outcome instanceof DeliveryOutcome.DeadLetter failed) {
            deadLetters.write(sender.destination().receiver().kind(), failed);
        }
    }

    /**
     * Commits the consumer's position when it moved: after the records just handled, and also after a poll that only
     * passed a transaction's commit marker, so a caught-up destination's committed offset reaches the topic's end.
     */
    private void commitProgress() {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        if (!positions.equals(committed)) {
            consumer.commitSync(positions);
            committed = positions;
        }
    }

    private void resendIfDue() throws InterruptedException {
        if (!(sender.destination().receiver() instanceof ResendingReceiver receiver)
                || clock.instant().isBefore(nextResend)) {
            return;
        }
        nextResend = clock.instant().plus(receiver.resendInterval());
        List<AlertNotification> still = firing.firing().stream()
                .filter(n -> silences.silencing(n, clock.instant()).isEmpty()).toList();
        if (!still.isEmpty() && sender.resend(still) instanceof DeliveryOutcome.DeadLetter failed) {
            // The alerts themselves were delivered; the next re-send tries again before Alertmanager forgets them.
            LOG.warn("Destination {}: re-sending {} firing alerts failed: {}", sender.destination().name(),
                    still.size(), failed.explanation());
        }
    }
}
