package io.flowsight.notify;

import io.flowsight.notify.RecordingReceiver.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries, backoff, Retry-After, permanent failures, dead letters and meters of one destination. */
class DestinationSenderTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:01:05Z");
    /** 1 s base, 60 s cap, jitter fixed at 0.5: the waits are 0.5 s, 1 s, 2 s, ... */
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(60));

    private final ManualTime time = new ManualTime(NOW);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RecordingReceiver receiver;

    /** The smallest receiver: posts the alert id, so these tests are about delivery, not formats. */
    private record AlertIdReceiver(URI uri) implements Receiver {
        @Override
        public OutboundRequest requestFor(AlertNotification notification, Instant attemptTime) {
            return OutboundRequest.json(uri, "{\"alert_id\":\"" + notification.alertId() + "\"}");
        }

        @Override
        public String kind() {
            return "test";
        }
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private DestinationSender sender(URI uri, RetryPolicy policy, Duration minimumInterval) {
        Destination destination = new Destination("soc", NotificationFilter.EVERYTHING, new AlertIdReceiver(uri),
                policy, minimumInterval);
        return new DestinationSender(destination, HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
                time), time.timing(0.5), registry);
    }

    private DestinationSender sender() throws IOException {
        if (receiver == null) {
            receiver = RecordingReceiver.start();
        }
        return sender(receiver.uri("/hook"), POLICY, Duration.ZERO);
    }

    private double count(String meter) {
        return registry.get(meter).tag("destination", "soc").counter().count();
    }

    @Test
    void a429WithRetryAfterSecondsIsRetriedAfterExactlyThatWait() throws Exception {
        receiver = RecordingReceiver.start().answer(Response.of(429, "slow down").withHeader("Retry-After", "7"));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered("soc", List.of(SampleAlerts.portScan()), 2, 200,
                "ok"));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(receiver.requests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).isEqualTo("/hook");
            assertThat(request.header("User-Agent")).isEqualTo("FlowSight-notify");
            assertThat(request.header("Upgrade")).isNull();
            assertThat(request.body()).isEqualTo("{\"alert_id\":\"" + SampleAlerts.ALERT_ID + "\"}");
        });
    }

    @Test
    void a503WithRetryAfterAsAnHttpDateWaitsUntilThatDate() throws Exception {
        String in30Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
        receiver = RecordingReceiver.start().answer(Response.of(503, "").withHeader("Retry-After", in30Seconds));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoffAndFullJitter() throws Exception {
        receiver = RecordingReceiver.start().answer(Response.of(500, "oops"), Response.of(502, ""),
                Response.of(503, ""));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome.attempts()).isEqualTo(4);
        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        // jitter 0.5 of the ceilings 1 s, 2 s, 4 s
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(receiver.requests()).hasSize(4);
        assertThat(count("flowsight.notify.sent")).isEqualTo(1);
        assertThat(count("flowsight.notify.failed")).isEqualTo(3);
        assertThat(count("flowsight.notify.retried")).isEqualTo(3);
        assertThat(count("flowsight.notify.dead_lettered")).isZero();
        assertThat(registry.get("flowsight.notify.latency").tag("destination", "soc").timer().count()).isEqualTo(4);
    }

    @Test
    void a400IsAPermanentFailureDeadLetteredAfterOneAttemptWithTheReceiversAnswer() throws Exception {
        receiver = RecordingReceiver.start().answer(Response.of(400, "{\"error\":\"unknown field alert_id\"}"));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.destination()).isEqualTo("soc");
            assertThat(dead.notifications()).containsExactly(SampleAlerts.portScan());
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(400));
            assertThat(dead.bodyExcerpt()).isEqualTo("{\"error\":\"unknown field alert_id\"}");
            assertThat(dead.explanation()).startsWith("The receiver refused the request with HTTP 400;");
            assertThat(dead.at()).isEqualTo(NOW);
        });
        assertThat(receiver.requests()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(count("flowsight.notify.dead_lettered")).isEqualTo(1);
        assertThat(count("flowsight.notify.retried")).isZero();
    }

    @Test
    void aRedirectIsNotFollowedButReportedAsPermanent() throws Exception {
        receiver = RecordingReceiver.start().answer(Response.of(301, "").withHeader("Location", "http://elsewhere/"));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(301));
        });
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void whenEveryAttemptFailsTheDeadLetterKeepsTheLastStatusAndAt4KiBOfItsBody() throws Exception {
        String tenKiB = "x".repeat(10 * 1024);
        receiver = RecordingReceiver.start().answer(Response.of(503, tenKiB), Response.of(503, tenKiB),
                Response.of(503, tenKiB), Response.of(503, tenKiB));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.ATTEMPTS_EXHAUSTED);
            assertThat(dead.attempts()).isEqualTo(4);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(503));
            assertThat(dead.bodyExcerpt()).isEqualTo("x".repeat(4096));
            assertThat(dead.explanation()).isEqualTo("Gave up after 4 attempts; the last one failed with HTTP 503.");
        });
        assertThat(receiver.requests()).hasSize(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(count("flowsight.notify.failed")).isEqualTo(4);
        assertThat(count("flowsight.notify.retried")).isEqualTo(3);
        assertThat(count("flowsight.notify.dead_lettered")).isEqualTo(1);
        assertThat(count("flowsight.notify.sent")).isZero();
    }

    @Test
    void aRetryAfterLongerThanTheMaxDelayIsDeadLetteredAtOnceRatherThanHoldingTheQueue() throws Exception {
        receiver = RecordingReceiver.start().answer(Response.of(429, "").withHeader("Retry-After", "3600"));

        DeliveryOutcome outcome = sender().deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.RETRY_AFTER_TOO_LONG);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(429));
            assertThat(dead.explanation()).isEqualTo("The receiver answered HTTP 429 and asked to wait 3600 s, longer "
                    + "than the retry policy's max-delay of 60 s.");
        });
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aReceiverThatIsDownIsRetriedUntilItComesUp() throws Exception {
        int port = freePort();
        AtomicReference<RecordingReceiver> started = new AtomicReference<>();
        time.onSleep(() -> {
            if (started.get() == null) {
                try {
                    started.set(RecordingReceiver.startOn(port));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        DestinationSender sender = sender(URI.create("http://127.0.0.1:" + port + "/hook"), POLICY, Duration.ZERO);

        try {
            DeliveryOutcome outcome = sender.deliver(SampleAlerts.portScan());

            assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, delivered -> {
                assertThat(delivered.attempts()).isEqualTo(2);
                assertThat(delivered.status()).isEqualTo(200);
            });
            assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
            assertThat(started.get().onlyRequest().body()).contains(SampleAlerts.ALERT_ID);
        } finally {
            if (started.get() != null) {
                started.get().close();
            }
        }
    }

    @Test
    void aReceiverThatStaysDownIsDeadLetteredWithoutAStatusButWithTheNetworkError() throws Exception {
        int port = freePort();
        DestinationSender sender = sender(URI.create("http://127.0.0.1:" + port + "/hook"),
                new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(60)), Duration.ZERO);

        DeliveryOutcome outcome = sender.deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.ATTEMPTS_EXHAUSTED);
            assertThat(dead.lastStatus()).isEmpty();
            assertThat(dead.bodyExcerpt()).isEmpty();
            assertThat(dead.explanation()).startsWith("Gave up after 2 attempts; the last one failed with cannot "
                    + "connect to 127.0.0.1:" + port);
        });
    }

    @Test
    void aMinimumIntervalSpacesTheStartsOfConsecutiveRequests() throws Exception {
        receiver = RecordingReceiver.start();
        DestinationSender sender = sender(receiver.uri("/hook"), POLICY, Duration.ofSeconds(1));

        sender.deliver(SampleAlerts.portScan());
        sender.deliver(SampleAlerts.portScanResolved());
        time.advance(Duration.ofMillis(1500));
        sender.deliver(SampleAlerts.portScan());

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void aReceiverMayTakeA2xxAnswerForARefusalThatIsDeadLetteredWithItsExplanation() throws Exception {
        receiver = RecordingReceiver.start().answer(Response.of(200, "{\"imported\":0}"));
        Receiver plain = new AlertIdReceiver(receiver.uri("/hook"));
        Receiver strict = new Receiver() {
            @Override
            public OutboundRequest requestFor(AlertNotification notification, Instant attemptTime) {
                return plain.requestFor(notification, attemptTime);
            }

            @Override
            public String kind() {
                return "strict";
            }

            @Override
            public AttemptResult review(AttemptResult result) {
                if (result instanceof AttemptResult.Accepted accepted
                        && accepted.bodyExcerpt().contains("\"imported\":0")) {
                    return new AttemptResult.FailedPermanently(accepted.status(), accepted.bodyExcerpt(),
                            Optional.of("The receiver imported nothing."));
                }
                return result;
            }
        };
        DestinationSender sender = new DestinationSender(new Destination("soc", NotificationFilter.EVERYTHING, strict,
                POLICY, Duration.ZERO), HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(5), time),
                time.timing(0.5), registry);

        DeliveryOutcome outcome = sender.deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(200));
            assertThat(dead.bodyExcerpt()).isEqualTo("{\"imported\":0}");
            assertThat(dead.explanation()).isEqualTo("The receiver imported nothing.");
        });
        assertThat(receiver.requests()).hasSize(1);
        assertThat(count("flowsight.notify.sent")).isZero();
        assertThat(count("flowsight.notify.failed")).isEqualTo(1);
        assertThat(count("flowsight.notify.dead_lettered")).isEqualTo(1);
    }

    @Test
    void aRequestThatCannotBePreparedIsAFailedAttemptRetriedLikeANetworkError() throws Exception {
        receiver = RecordingReceiver.start();
        AtomicInteger builds = new AtomicInteger();
        Receiver flaky = new Receiver() {
            @Override
            public OutboundRequest requestFor(AlertNotification notification, Instant attemptTime) {
                if (builds.incrementAndGet() == 1) {
                    throw new RequestPreparationException("cannot get credentials: the metadata service timed out",
                            null);
                }
                return new AlertIdReceiver(receiver.uri("/hook")).requestFor(notification, attemptTime);
            }

            @Override
            public String kind() {
                return "flaky";
            }
        };
        DestinationSender sender = new DestinationSender(new Destination("soc", NotificationFilter.EVERYTHING, flaky,
                POLICY, Duration.ZERO), HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(5), time),
                time.timing(0.5), registry);

        DeliveryOutcome outcome = sender.deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                delivered -> assertThat(delivered.attempts()).isEqualTo(2));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
        assertThat(receiver.requests()).hasSize(1);
        assertThat(count("flowsight.notify.failed")).isEqualTo(1);
        assertThat(count("flowsight.notify.retried")).isEqualTo(1);
        // Only requests that were sent are timed.
        assertThat(registry.get("flowsight.notify.latency").tag("destination", "soc").timer().count()).isEqualTo(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
