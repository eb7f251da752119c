package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.RuleLoader;
import io.flowsight.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which loaded correlations the topology evaluates, and which rules feed them. */
class EvaluatedCorrelationsTest {
    private static final String RULES = """
            title: Failed sign-in
            name: failed_sign_in
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: ConsoleLogin
                    errorMessage: Failed authentication
                condition: selection
            ---
            title: Sign-in failures in an hour
            name: hourly
            correlation:
                type: event_count
                rules:
                    - failed_sign_in
                group-by:
                    - sourceIPAddress
                timespan: 1h
                condition:
                    gte: 5
            ---
            title: Sign-in failures in two days
            name: slow
            correlation:
                type: event_count
                rules:
                    - failed_sign_in
                group-by:
                    - sourceIPAddress
                timespan: 2d
                condition:
                    gte: 50
            ---
            title: A burst of hourly bursts
            name: chained
            correlation:
                type: event_count
                rules:
                    - hourly
                group-by:
                    - sourceIPAddress
                timespan: 1d
                condition:
                    gte: 3
            """;

    @Test
    void aCorrelationLongerThanTheStoresKeepEventsOrChainedOnAnotherIsNotEvaluated() {
        RuleSet rules = new RuleLoader().load("rules.yml", RULES);
        assertThat(rules.correlations()).hasSize(3);

        EvaluatedCorrelations evaluated = EvaluatedCorrelations.of(rules, Duration.ofHours(24));

        assertThat(evaluated.correlations()).extracting(EvaluatedCorrelations::idOf).containsExactly("hourly");
        assertThat(evaluated.fedBy(rules.rule("failed_sign_in").orElseThrow()))
                .extracting(reference -> reference.correlation().metadata().name()).containsExactly("hourly");
    }

    @Test
    void raisingTheLongestTimespanEvaluatesTheLongerOne() {
        RuleSet rules = new RuleLoader().load("rules.yml", RULES);

        EvaluatedCorrelations evaluated = EvaluatedCorrelations.of(rules, Duration.ofDays(2));

        assertThat(evaluated.correlations()).extracting(EvaluatedCorrelations::idOf).containsExactly("hourly", "slow");
    }
}
