package io.flowsight.notify;

import io.flowsight.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationFilterTest {
    @Test
    void theMinimumSeverityLetsThatSeverityAndHigherThrough() {
        NotificationFilter highAndUp = new NotificationFilter(Severity.HIGH, Set.of());

        assertThat(highAndUp.accepts(SampleAlerts.with(Severity.MEDIUM, "port_scan"))).isFalse();
        assertThat(highAndUp.accepts(SampleAlerts.with(Severity.HIGH, "port_scan"))).isTrue();
        assertThat(highAndUp.accepts(SampleAlerts.with(Severity.CRITICAL, "port_scan"))).isTrue();
    }

    @Test
    void aDetectorIncludeListLetsOnlyThoseDetectorsThrough() {
        NotificationFilter bruteForceOnly = new NotificationFilter(Severity.LOW, Set.of("brute_force"));

        assertThat(bruteForceOnly.accepts(SampleAlerts.with(Severity.CRITICAL, "port_scan"))).isFalse();
        assertThat(bruteForceOnly.accepts(SampleAlerts.with(Severity.LOW, "brute_force"))).isTrue();
    }

    @Test
    void theResolutionOfAnAlertPassesTheSameFilterAsItsFiring() {
        NotificationFilter highAndUp = new NotificationFilter(Severity.HIGH, Set.of("port_scan"));

        assertThat(highAndUp.accepts(SampleAlerts.portScan())).isTrue();
        assertThat(highAndUp.accepts(SampleAlerts.portScanResolved())).isTrue();
    }
}
