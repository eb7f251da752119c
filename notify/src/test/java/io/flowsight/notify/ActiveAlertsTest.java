package io.flowsight.notify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveAlertsTest {
    @Test
    void aRepeatReplacesTheAlertsEarlierNotificationAndAResolutionRemovesIt() {
        ActiveAlerts active = new ActiveAlerts();
        AlertNotification repeat = AlertNotification.from(SampleAlerts.avro().setOccurrences(2).build());

        active.record(SampleAlerts.portScan());
        active.record(repeat);
        assertThat(active.firing()).containsExactly(repeat);

        active.record(SampleAlerts.portScanResolved());
        assertThat(active.firing()).isEmpty();
    }
}
