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
     * @param attemptTime when this attempt is made: receivers that sign requests (Standard Webhooks, AWS SigV4) put it
     *        in the signed content, so each retry carries a fresh timestamp and an old capture cannot be replayed
     * @throws RequestPreparationException when this attempt's request cannot be built for a reason that may pass,
     *         such as credentials that cannot be fetched right now; the attempt counts as failed and is retried
     */
    OutboundRequest requestFor(AlertNotification notification, Instant attemptTime);

    /** A short name of the kind of receiver, for logs: {@code alertmanager}, {@code webhook}, ... */
    String kind();

    /**
     * What one attempt's answer means to this receiver. {@link AttemptResult#classify} judges by the HTTP status alone,
     * which is right for most services and is the default; a receiver whose service says more in the body overrides
     * this: AWS Security Hub answers 200 even when it imported none of the findings, and AWS's Query APIs refuse a
     * throttled request with a 400 that names the throttling.
     *
     * @param result the verdict by status, with the start of the answer's body
     */
    default AttemptResult review(AttemptResult result) {
        return result;
    }
}
