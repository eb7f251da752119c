package io.flowsight.notify.service;

import io.flowsight.notify.DestinationSender;
import io.flowsight.notify.config.NotifyConfig;
import io.flowsight.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alert delivery as a running stage: one {@link DestinationWorker} thread per configured destination over the alerts
 * topic, the silences they honour, and the dead-letter topic they write what they cannot deliver to. The topics must
 * exist ({@code flowsight notify} and {@code flowsight run} create them).
 */
public final class NotifyService implements AutoCloseable {
    private static final Duration SILENCES_LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final SilencesReader silencesReader;
    private final DeadLetterWriter deadLetters;
    private final List<DestinationWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    private NotifyService(NotifyConfig config, Map<String, Object> clientSettings, String topicPrefix,
                          StartPosition start, MeterRegistry registry) {
        ActiveSilences silences = new ActiveSilences();
        this.silencesReader = new SilencesReader(clientSettings, Topic.SILENCES.topicName(topicPrefix), silences);
        this.deadLetters = new DeadLetterWriter(clientSettings, Topic.NOTIFY_DEAD_LETTER.topicName(topicPrefix));
        for (DestinationSender sender : config.senders(registry)) {
            DestinationWorker worker = new DestinationWorker(sender, clientSettings, topicPrefix,
                    Topic.ALERTS.topicName(topicPrefix), start, silences, deadLetters, Clock.systemUTC());
            Thread thread = new Thread(worker, "flowsight-notify-" + sender.destination().name());
            thread.setDaemon(true);
            workers.add(worker);
            threads.add(thread);
            groups.add(DestinationWorker.groupOf(topicPrefix, sender.destination().name()));
        }
    }

    /**
     * Loads the silences, then starts delivering to every destination of {@code config}.
     *
     * @param clientSettings Kafka client and serde settings (bootstrap servers, security, schema registry)
     */
    public static NotifyService start(NotifyConfig config, Map<String, Object> clientSettings, String topicPrefix,
                                      StartPosition start, MeterRegistry registry) throws InterruptedException {
        NotifyService service = new NotifyService(config, clientSettings, topicPrefix, start, registry);
        try {
            service.silencesReader.start(SILENCES_LOAD_TIMEOUT);
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
        service.threads.forEach(Thread::start);
        return service;
    }

    /** The consumer groups the destinations commit their progress in, one per destination. */
    public List<String> consumerGroups() {
        return List.copyOf(groups);
    }

    /** Whether every destination's worker is still delivering (a worker stops only when closed or on a bug). */
    public boolean running() {
        return threads.stream().allMatch(Thread::isAlive);
    }

    /** Stops every worker (an alert not yet committed is delivered again after a restart), then the readers. */
    @Override
    public void close() throws InterruptedException {
        workers.forEach(DestinationWorker::stop);
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(15).toMillis());
        }
        silencesReader.close();
        deadLetters.close();
    }
}
