package io.flowsight.notify;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * How delivering to one destination ended, after every retry. A {@link DeadLetter} is never dropped: the caller
 * writes it to the notify dead-letter topic so the notification can be inspected and sent again.
 */
public sealed interface DeliveryOutcome {
    String destination();

    /** What was delivered: one notification, or the batch of a periodic re-send. */
    List<AlertNotification> notifications();

    int attempts();

    /** The receiver accepted it; {@code bodyExcerpt} is what it answered (PagerDuty's names the dedup_key). */
    record Delivered(String destination, List<AlertNotification> notifications, int attempts, int status,
                     String bodyExcerpt) implements DeliveryOutcome {
        public Delivered {
            notifications = List.copyOf(notifications);
        }
    }

    /**
     * Given up.
     *
     * @param lastStatus the last HTTP status, empty when the last attempt got no answer
     * @param bodyExcerpt the start of the last answer's body, at most {@link BodyExcerpt#MAX_BYTES} bytes
     * @param explanation one sentence a person can act on
     * @param at when it was given up
     */
    record DeadLetter(String destination, List<AlertNotification> notifications, int attempts, Reason reason,
                      OptionalInt lastStatus, String bodyExcerpt, String explanation, Instant at)
            implements DeliveryOutcome {
        public DeadLetter {
            notifications = List.copyOf(notifications);
        }
    }

    enum Reason {
        /** The receiver answered with a status that retrying cannot change (4xx other than 429, 3xx). */
        REJECTED,
        /** Every attempt the retry policy allows failed with a retriable error. */
        ATTEMPTS_EXHAUSTED,
        /** The receiver asked to wait longer than the retry policy's longest delay. */
        RETRY_AFTER_TOO_LONG
    }
}
