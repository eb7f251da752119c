package io.flowsight.ingest.s3;

import java.util.Locale;

/** What became of one SQS message of S3 notifications; counted by {@link S3NotificationIngest}. */
public enum NotificationOutcome {
    /** Every object it announced is in Kafka now (or was already): the message is deleted. */
    INGESTED,
    /** S3's {@code s3:TestEvent}, sent when notifications are set up: deleted. */
    TEST_EVENT,
    /** Only events other than object creation (e.g. removals): deleted. */
    IGNORED,
    /** An object could not be read this time: the message is left to come back after its visibility timeout. */
    RETRIED,
    /** Not a notification, an object of no known log type, or one that failed on every receive: dead-lettered. */
    DEAD_LETTERED;

    /** The metric tag, e.g. {@code test_event}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
