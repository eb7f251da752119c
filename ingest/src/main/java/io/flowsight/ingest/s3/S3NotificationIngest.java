package io.flowsight.ingest.s3;

import io.flowsight.aws.AwsErrors;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestSummary;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ingests the S3 objects an SQS queue of S3 event notifications announces (plain, SNS-wrapped or EventBridge).
 *
 * <p>A message is deleted only after every object it names is committed to Kafka, so a crash before that brings the
 * message back, and its objects, known by their ETag, are then found done: none is read twice or skipped. What cannot
 * succeed is dead-lettered at once, with the message body as payload: a body that is no notification, an object whose
 * log type nothing tells. An object that fails to read is retried with its message (after the queue's visibility
 * timeout) and dead-lettered once the message has been received {@code maxReceives} times, so a poison message never
 * blocks the queue. Each dead letter is recorded as done in its own transaction, so it is written once however often
 * the message comes back.
 */
public final class S3NotificationIngest {
    public static final int DEFAULT_MAX_RECEIVES = 5;
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(S3NotificationIngest.class);

    /**
     * @param queueUrl    the queue's URL
     * @param type        the log type of every object, or empty to tell it per object from its name or content
     * @param maxReceives receives after which a message whose object keeps failing is dead-lettered
     * @param receiveWait how long one receive waits for messages (SQS long polling, at most 20 s)
     */
    public record Settings(String queueUrl, Optional<LogType> type, VpcFlowLogFormat vpcFormat, int maxReceives,
                           Duration receiveWait) {
        public Settings {
            if (maxReceives < 1) {
                throw new IllegalArgumentException("--max-receives must be at least 1.");
            }
            if (receiveWait.isNegative() || receiveWait.compareTo(Duration.ofSeconds(20)) > 0) {
                throw new IllegalArgumentException("The receive wait must be between 0 and 20 seconds (SQS's limit).");
            }
        }
    }

    /** Messages by outcome, and the ingester's totals. */
    public record Summary(Map<NotificationOutcome, Long> messages, IngestSummary ingest) {
        public long count(NotificationOutcome outcome) {
            return messages.getOrDefault(outcome, 0L);
        }
    }

    private final SqsClient sqs;
    private final S3Client s3;
    private final TransactionalIngester ingester;
    private final Settings settings;
    private final Clock clock;
    private final S3NotificationMessages bodies = new S3NotificationMessages();
    private final Map<NotificationOutcome, Counter> counters = new EnumMap<>(NotificationOutcome.class);
    private final Map<NotificationOutcome, Long> outcomes = new EnumMap<>(NotificationOutcome.class);

    public S3NotificationIngest(SqsClient sqs, S3Client s3, TransactionalIngester ingester, Settings settings,
                                MeterRegistry meters, Clock clock) {
        this.sqs = sqs;
        this.s3 = s3;
        this.ingester = ingester;
        this.settings = settings;
        this.clock = clock;
        for (NotificationOutcome outcome : NotificationOutcome.values()) {
            counters.put(outcome, Counter.builder("flowsight.ingest.notifications").tag("outcome", outcome.tag())
                    .description("SQS messages of S3 notifications handled").register(meters));
        }
    }

    /**
     * Receives and handles messages until {@code stop} says so, or, with {@code untilIdle}, until no message came
     * for that long.
     *
     * @throws IOException with one sentence when the queue cannot be read
     */
    public Summary run(BooleanSupplier stop, Optional<Duration> untilIdle) throws IOException {
        Instant lastMessage = clock.instant();
        while (!stop.getAsBoolean()) {
            if (pollOnce() > 0) {
                lastMessage = clock.instant();
            } else if (untilIdle.isPresent()
                    && Duration.between(lastMessage, clock.instant()).compareTo(untilIdle.get()) >= 0) {
                break;
            }
        }
        return summary();
    }

    /** One receive (up to ten messages), each handled; returns how many messages came. */
    public int pollOnce() throws IOException {
        List<Message> messages;
        try {
            messages = sqs.receiveMessage(request -> request.queueUrl(settings.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds((int) settings.receiveWait().toSeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        } catch (SdkException e) {
            throw new IOException("Cannot receive from " + settings.queueUrl() + ": " + AwsErrors.describe(e), e);
        }
        for (Message message : messages) {
            count(handle(message));
        }
        return messages.size();
    }

    public Summary summary() {
        return new Summary(Map.copyOf(outcomes), ingester.summary());
    }

    private NotificationOutcome handle(Message message) throws IOException {
        String messageId = "sqs:" + settings.queueUrl() + "#" + message.messageId();
        if (ingester.done(messageId)) {
            delete(message); // dead-lettered on an earlier receive, whose delete did not happen
            return NotificationOutcome.DEAD_LETTERED;
        }
        S3NotificationMessages.Message body;
        try {
            body = bodies.read(message.body());
        } catch (IllegalArgumentException e) {
            deadLetter(messageId, "sqs message " + message.messageId() + " of " + settings.queueUrl(), null,
                    "bad_notification", e.getMessage(), message.body());
            delete(message);
            return NotificationOutcome.DEAD_LETTERED;
        }
        boolean retry = false;
        boolean deadLettered = false;
        for (S3ObjectNotification announced : body.created()) {
            switch (ingest(S3ObjectSource.of(s3, announced), message)) {
                case RETRIED -> retry = true;
                case DEAD_LETTERED -> deadLettered = true;
                default -> {
                }
            }
        }
        if (retry) {
            return NotificationOutcome.RETRIED; // the objects done meanwhile are found done when it comes back
        }
        delete(message);
        if (deadLettered) {
            return NotificationOutcome.DEAD_LETTERED;
        }
        if (body.created().isEmpty()) {
            return body.testEvent() ? NotificationOutcome.TEST_EVENT : NotificationOutcome.IGNORED;
        }
        return NotificationOutcome.INGESTED;
    }

    /** One announced object: ingested, dead-lettered, or to be retried with its message. */
    private NotificationOutcome ingest(S3ObjectSource object, Message message) throws IOException {
        // Kept apart from the object's own position, so that a later backfill with --type can still read it.
        String deadLetterId = object.id() + "|dead-lettered";
        if (ingester.done(deadLetterId)) {
            return NotificationOutcome.DEAD_LETTERED;
        }
        try {
            Optional<LogType> type = settings.type().isPresent() ? settings.type() : object.logType();
            if (type.isEmpty()) {
                deadLetter(deadLetterId, object.name(), null, "unknown_log_type", object.name() + ": neither its "
                        + "name nor its first lines tell its log type; ingest it with --type.", message.body());
                return NotificationOutcome.DEAD_LETTERED;
            }
            ingester.ingest(type.get(), settings.vpcFormat(), List.of(object));
            return NotificationOutcome.INGESTED;
        } catch (IOException e) {
            int receives = receiveCount(message);
            if (receives >= settings.maxReceives()) {
                deadLetter(deadLetterId, object.name(), settings.type().orElse(null), "unreadable_object",
                        e.getMessage() + " (failed on each of " + receives + " receives)", message.body());
                return NotificationOutcome.DEAD_LETTERED;
            }
            LOG.warn("{} (receive {} of {}; the message comes back after the queue's visibility timeout)",
                    e.getMessage(), receives, settings.maxReceives());
            return NotificationOutcome.RETRIED;
        }
    }

    private void deadLetter(String id, String name, LogType type, String reason, String error, String body) {
        LOG.warn("Dead-lettering {}: {}", name, error);
        ingester.deadLetterWhole(id, name, type, reason, error, body);
    }

    private void delete(Message message) throws IOException {
        try {
            sqs.deleteMessage(request -> request.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle()));
        } catch (SdkException e) {
            throw new IOException("Cannot delete a handled message from " + settings.queueUrl() + ": "
                    + AwsErrors.describe(e), e);
        }
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    private void count(NotificationOutcome outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
        counters.get(outcome).increment();
    }
}
