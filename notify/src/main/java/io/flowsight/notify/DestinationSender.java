package io.flowsight.notify;

import io.flowsight.aws.signing.AwsCredentialsUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Delivers to one destination, retrying as its {@link RetryPolicy} allows, pacing requests, and counting in its
 * meters. It blocks the calling thread for the whole delivery, waits included, and keeps pacing state: give each
 * destination its own thread so a slow receiver delays only itself.
 */
public final class DestinationSender {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationSender.class);

    private final Destination destination;
    private final HttpTransport transport;
    private final DeliveryTiming timing;
    private final DestinationMetrics metrics;
    private final SendPacer pacer;

    public DestinationSender(Destination destination, HttpTransport transport, DeliveryTiming timing,
                             MeterRegistry registry) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.metrics = new DestinationMetrics(registry, destination.name());
        this.pacer = new SendPacer(destination.minimumInterval(), timing);
    }

    public Destination destination() {
        return destination;
    }

    /** Delivers one notification, whether or not the destination's filter accepts it: filtering is the caller's. */
    public DeliveryOutcome deliver(AlertNotification notification) throws InterruptedException {
        return deliver(List.of(notification), at -> destination.receiver().requestFor(notification, at));
    }

    /**
     * Re-sends the alerts still firing in one request.
     *
     * @throws IllegalStateException when the destination's receiver does not need re-sends
     */
    public DeliveryOutcome resend(List<AlertNotification> firing) throws InterruptedException {
        if (!(destination.receiver() instanceof ResendingReceiver receiver)) {
            throw new IllegalStateException("Destination " + destination.name() + " (" + destination.receiver().kind()
                    + ") keeps alerts without re-sends.");
        }
        return deliver(firing, at -> receiver.requestForActive(firing, at));
    }

    private DeliveryOutcome deliver(List<AlertNotification> covered, Function<Instant, OutboundRequest> requestAt)
            throws InterruptedException {
        RetryPolicy policy = destination.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            pacer.awaitTurn();
            AttemptResult result = attempt(requestAt);

            if (result instanceof AttemptResult.Accepted accepted) {
                metrics.accepted();
                return new DeliveryOutcome.Delivered(destination.name(), covered, attempt, accepted.status(),
                        accepted.bodyExcerpt());
            }
            metrics.attemptFailed();
            if (result instanceof AttemptResult.FailedPermanently refused) {
                return deadLetter(covered, attempt, DeliveryOutcome.Reason.REJECTED, OptionalInt.of(refused.status()),
                        refused.bodyExcerpt(), refused.explanation().orElseGet(() -> "The receiver refused the "
                                + "request with HTTP " + refused.status() + "; sending it again would not change "
                                + "that: check the destination's URL and credentials, and the receiver's answer."));
            }
            AttemptResult.RetryAfter retriable = (AttemptResult.RetryAfter) result;
            String failure = describe(retriable);
            if (attempt >= policy.maxAttempts()) {
                return deadLetter(covered, attempt, DeliveryOutcome.Reason.ATTEMPTS_EXHAUSTED, retriable.status(),
                        retriable.bodyExcerpt(), "Gave up after " + attempt + " attempts; the last one failed with "
                                + failure + ".");
            }
            Duration wait;
            if (retriable.retryAfter().isPresent()) {
                wait = retriable.retryAfter().get();
                if (wait.compareTo(policy.maxDelay()) > 0) {
                    // Waiting would hold every later notification of this destination that long; hand it back now.
                    return deadLetter(covered, attempt, DeliveryOutcome.Reason.RETRY_AFTER_TOO_LONG,
                            retriable.status(), retriable.bodyExcerpt(), "The receiver answered " + failure
                                    + " and asked to wait " + wait.toSeconds() + " s, longer than the retry policy's "
                                    + "max-delay of " + policy.maxDelay().toSeconds() + " s.");
                }
            } else {
                wait = policy.backoff(attempt, timing.jitter().getAsDouble());
            }
            LOG.debug("Destination {}: attempt {} failed with {}; retrying in {} ms", destination.name(), attempt,
                    failure, wait.toMillis());
            metrics.retrying();
            timing.sleeper().sleep(wait);
        }
    }

    /** One request and the receiver's verdict on its answer; a request that could not be built is a failed attempt. */
    private AttemptResult attempt(Function<Instant, OutboundRequest> requestAt) throws InterruptedException {
        OutboundRequest request;
        try {
            request = requestAt.apply(timing.clock().instant());
        } catch (RequestPreparationException | AwsCredentialsUnavailableException e) {
            // The AWS destinations resolve their credentials for every attempt; a provider that cannot answer now
            // (a metadata service timing out) fails this attempt only.
            return AttemptResult.networkError(e.getMessage());
        }
        long started = System.nanoTime();
        AttemptResult result = transport.send(request);
        metrics.attemptTook(Duration.ofNanos(System.nanoTime() - started));
        return destination.receiver().review(result);
    }

    private DeliveryOutcome.DeadLetter deadLetter(List<AlertNotification> covered, int attempts,
                                                  DeliveryOutcome.Reason reason, OptionalInt status, String excerpt,
                                                  String explanation) {
        metrics.deadLettered();
        LOG.warn("Destination {}: notification of {} dead-lettered: {}", destination.name(),
                covered.size() == 1 ? "alert " + covered.get(0).alertId() : covered.size() + " alerts", explanation);
        return new DeliveryOutcome.DeadLetter(destination.name(), covered, attempts, reason, status, excerpt,
                explanation, timing.clock().instant());
    }

    private static String describe(AttemptResult.RetryAfter failure) {
        return failure.networkError().orElseGet(() -> "HTTP " + failure.status().getAsInt());
    }
}
