package io.flowsight.respond.service;

import io.flowsight.respond.policy.BlocklistPolicy;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.policy.BlocklistTarget;
import io.flowsight.respond.policy.Blocklist;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocklist as a running stage. Reads the alerts topic ({@code read_committed}, consumer group
 * {@code <prefix>respond}) and writes the policy's decisions to the compacted blocklist topic in the same Kafka
 * transaction as the alerts' offsets, so a crash never loses or repeats a decision: on restart the list is rebuilt
 * from the blocklist topic and the alerts resume after the last committed decision. Decisions made elsewhere (a
 * person's {@code flowsight blocklist add|remove}) are followed from the same topic. Expired blocks are decided every
 * {@link #EXPIRY_CHECK}. When enforcing, every target is given the whole active list after each change (the AWS
 * targets coalesce and pace their updates); in dry-run nothing outside Kafka is touched.
 */
public final class RespondService implements AutoCloseable {
    static final Duration EXPIRY_CHECK = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RespondService.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final BlocklistPolicyConfig config;
    private final List<BlocklistTarget> targets;
    private final Clock clock;
    private final String alertsTopic;
    private final String blocklistTopic;
    private final KafkaConsumer<String, byte[]> alerts;
    private final KafkaConsumer<String, byte[]> decisions;
    private final KafkaProducer<String, byte[]> producer;
    private final SpecificAvroDeserializer<SuspiciousIpAlert> alertValues = new SpecificAvroDeserializer<>();
    private final SpecificAvroDeserializer<BlocklistChange> changeValues = new SpecificAvroDeserializer<>();
    private final SpecificAvroSerializer<BlocklistChange> changeSerializer = new SpecificAvroSerializer<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private BlocklistPolicy policy;
    private Instant nextExpiryCheck;
    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

    private RespondService(BlocklistPolicyConfig config, List<BlocklistTarget> targets, Map<String, Object> clients,
                           String prefix, Clock clock) {
        this.config = config;
        this.targets = List.copyOf(targets);
        this.clock = clock;
        this.alertsTopic = Topic.ALERTS.topicName(prefix);
        this.blocklistTopic = Topic.BLOCKLIST.topicName(prefix);
        Map<String, Object> consumer = new HashMap<>(clients);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> alertSettings = new HashMap<>(consumer);
        alertSettings.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(prefix));
        alertSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.alerts = new KafkaConsumer<>(alertSettings, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> decisionSettings = new HashMap<>(consumer);
        decisionSettings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.decisions = new KafkaConsumer<>(decisionSettings, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> producerSettings = new HashMap<>(clients);
        producerSettings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "respond");
        this.producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
        alertValues.configure(consumer, false);
        changeValues.configure(consumer, false);
        changeSerializer.configure(producerSettings, false);
        this.thread = new Thread(this::run, "flowsight-respond");
        this.thread.setDaemon(true);
    }

    /** The consumer group the alerts' progress is committed in, with the decisions. */
    public static String groupOf(String prefix) {
        return prefix + "respond";
    }

    /**
     * Rebuilds the list from the blocklist topic, then starts deciding. The topics must exist.
     *
     * @param clients Kafka client and serde settings
     */
    public static RespondService start(BlocklistPolicyConfig config, List<BlocklistTarget> targets,
                                       Map<String, Object> clients, String prefix, Clock clock) {
        RespondService service = new RespondService(config, targets, clients, prefix, clock);
        try {
            service.load();
        } catch (RuntimeException e) {
            service.closeClients();
            throw e;
        }
        service.thread.start();
        return service;
    }

    /** The list as this service knows it now. */
    public Blocklist current() {
        return policy.current();
    }

    /** Whether it still runs: it stops only when closed or on a failure, which {@link #close()} then throws. */
    public boolean running() {
        return thread.isAlive();
    }

    private void load() {
        List<TopicPartition> partitions = decisions.partitionsFor(blocklistTopic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(blocklistTopic, info.partition())).toList();
        decisions.assign(partitions);
        decisions.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = decisions.endOffsets(partitions);
        Map<String, BlocklistChange> latest = new HashMap<>();
        while (partitions.stream().anyMatch(partition -> decisions.position(partition) < ends.get(partition))) {
            for (ConsumerRecord<String, byte[]> record : decisions.poll(POLL)) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), changeValues.deserialize(blocklistTopic, record.value()));
                }
            }
        }
        policy = new BlocklistPolicy(config, Blocklist.fromChanges(latest.values()));
        producer.initTransactions();
        LOG.info("Blocklist loaded from {}: {} addresses blocked now ({})", blocklistTopic,
                policy.current().activeAt(clock.instant()).size(), config.enforce() ? "enforcing" : "dry-run");
        nextExpiryCheck = clock.instant();
    }

    private void run() {
        try {
            alerts.subscribe(List.of(alertsTopic));
            applyToTargets();
            while (running) {
                boolean changed = followDecisionsMadeElsewhere();
                changed |= decide(alerts.poll(POLL));
                if (changed) {
                    applyToTargets();
                }
            }
        } catch (WakeupException | InterruptException stopping) {
            LOG.debug("Respond stopping");
        } catch (Throwable e) {
            failure = e;
            LOG.error("Respond stopped: decisions not committed are made again after a restart", e);
        }
    }

    /** Decides on the polled alerts and on lapsed blocks, in one transaction with the alerts' offsets. */
    private boolean decide(ConsumerRecords<String, byte[]> polled) {
        Instant now = clock.instant();
        List<BlocklistChange> changes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : polled) {
            try {
                changes.addAll(policy.onAlert(alertValues.deserialize(alertsTopic, record.value()), now));
            } catch (RuntimeException unreadable) {
                LOG.warn("Alert {} at {}-{} offset {} cannot be read and decides nothing: {}", record.key(),
                        record.topic(), record.partition(), record.offset(), unreadable.getMessage());
            }
        }
        if (!now.isBefore(nextExpiryCheck)) {
            changes.addAll(policy.expire(now));
            nextExpiryCheck = now.plus(EXPIRY_CHECK);
        }
        // The consumer's positions, not the last records' offsets + 1: after a poll that passed only a transaction's
        // commit marker the position moves too, and committing it lets the group's lag reach zero.
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : alerts.assignment()) {
            positions.put(partition, new OffsetAndMetadata(alerts.position(partition)));
        }
        if (changes.isEmpty() && positions.equals(committed)) {
            return false;
        }
        producer.beginTransaction();
        for (BlocklistChange change : changes) {
            producer.send(new ProducerRecord<>(blocklistTopic, change.getAddress(),
                    changeSerializer.serialize(blocklistTopic, change)));
        }
        if (!positions.isEmpty()) {
            producer.sendOffsetsToTransaction(positions, alerts.groupMetadata());
        }
        producer.commitTransaction();
        committed = positions;
        changes.forEach(change -> LOG.info("Blocklist {} {}: {}{}", change.getAction(), change.getAddress(),
                change.getReason(), change.getEnforced() ? "" : " (dry-run)"));
        return !changes.isEmpty();
    }

    /** Folds in a person's decisions (and skips this service's own, which the policy recognises). */
    private boolean followDecisionsMadeElsewhere() {
        boolean changed = false;
        for (ConsumerRecord<String, byte[]> record : decisions.poll(Duration.ZERO)) {
            if (record.value() != null) {
                changed |= policy.observe(changeValues.deserialize(blocklistTopic, record.value()));
            }
        }
        return changed;
    }

    private void applyToTargets() {
        if (!config.enforce()) {
            return;
        }
        var active = policy.current().activeAt(clock.instant());
        for (BlocklistTarget target : targets) {
            try {
                target.apply(active);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Blocklist target {} not updated ({}); the next change or reconcile tries again",
                        target.name(), e.getMessage());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        alerts.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
        closeClients();
        for (BlocklistTarget target : targets) {
            if (target instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("Closing blocklist target {}", target.name(), e);
                }
            }
        }
        if (failure != null) {
            throw new IllegalStateException("Respond stopped on an error: " + failure.getMessage(), failure);
        }
    }

    private void closeClients() {
        alerts.close(Duration.ofSeconds(5));
        decisions.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        alertValues.close();
        changeValues.close();
        changeSerializer.close();
    }
}
