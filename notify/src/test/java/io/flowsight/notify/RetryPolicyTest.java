package io.flowsight.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    @Test
    void theDefaultsAreEightAttemptsFromOneSecondCappedAtOneMinute() {
        assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }

    @Test
    void theCeilingDoublesFromTheBaseUntilTheCap() {
        RetryPolicy policy = RetryPolicy.DEFAULT;

        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 100)).extracting(policy::ceiling).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    @Test
    void fullJitterDrawsTheWaitBetweenZeroAndTheCeiling() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));

        assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(policy.backoff(3, 0.25)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(3, 0.999)).isEqualTo(Duration.ofNanos(799_200_000));
    }

    @Test
    void aPolicyThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("maxAttempts must be at least 1, not 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("maxDelay PT1S must not be shorter than baseDelay PT2S");
    }
}
