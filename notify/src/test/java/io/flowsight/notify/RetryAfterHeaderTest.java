package io.flowsight.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterHeaderTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:27:30Z");

    @Test
    void wholeSecondsAreAWait() {
        assertThat(RetryAfterHeader.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfterHeader.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void anHttpDateIsAWaitUntilThen() {
        assertThat(RetryAfterHeader.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void aDateAlreadyPastMeansRetryNow() {
        assertThat(RetryAfterHeader.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void anythingElseIsIgnored() {
        assertThat(RetryAfterHeader.parse(null, NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("99999999999999999999999", NOW)).isEmpty();
    }
}
