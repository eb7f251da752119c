package io.flowsight.notify;

import java.time.Instant;

/**
 * The kind of service at the other end of a destination, and so the request it expects. Implementations live in
 * {@code io.flowsight.notify.receiver}; each is an immutable value built from the configuration.
 */
public interface Receiver {
    /**
     * The request that tells this receiver about {@code notification}.
     *
     * @param attemptTime when this attempt is made: receivers that sign requests (Standard Webhooks) put it in the
     *        signed content, so each retry carries a fresh timestamp and an old capture cannot be replayed
     */
    OutboundRequest requestFor(AlertNotification notification, Instant attemptTime);

    /** A short name of the kind of receiver, for logs: {@code alertmanager}, {@code webhook}, ... */
    String kind();
}
