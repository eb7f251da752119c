package io.flowsight.notify;

import io.flowsight.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one mapping from the alerts topic's Avro record to what receivers see. */
class AlertNotificationTest {
    @Test
    void everyFieldOfAFiringAlertIsCarriedOver() {
        AlertNotification notification = AlertNotification.from(SampleAlerts.avro().build());

        assertThat(notification).isEqualTo(new AlertNotification(SampleAlerts.ALERT_ID, "203.0.113.7", "port_scan",
                Severity.HIGH, AlertStatus.FIRING, SampleAlerts.WINDOW_START, SampleAlerts.WINDOW_END,
                SampleAlerts.FIRST_SEEN, SampleAlerts.LAST_SEEN, OptionalDouble.of(42.5),
                "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                new java.util.TreeMap<>(Map.of("distinct_hosts", "3", "distinct_ports", "180")), 1, Optional.empty(),
                Optional.of("vpcflow"), Optional.of(false)));
        assertThat(notification.eventTime()).isEqualTo(SampleAlerts.LAST_SEEN);
        assertThat(notification.evidenceText()).isEqualTo("distinct_hosts=3, distinct_ports=180");
    }

    @Test
    void aResolvedAlertCarriesItsResolutionTime() {
        AlertNotification notification = AlertNotification.from(SampleAlerts.avro().setStatus("resolved")
                .setResolvedAt(SampleAlerts.RESOLVED_AT).setOccurrences(4).build());

        assertThat(notification.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(notification.resolvedAt()).contains(SampleAlerts.RESOLVED_AT);
        assertThat(notification.eventTime()).isEqualTo(SampleAlerts.RESOLVED_AT);
        assertThat(notification.occurrences()).isEqualTo(4);
    }

    @Test
    void aResolvedAlertWithoutAResolutionTimeEndsAtItsLastEvidence() {
        AlertNotification notification = AlertNotification.from(SampleAlerts.avro().setStatus("resolved").build());

        assertThat(notification.resolvedAt()).contains(SampleAlerts.LAST_SEEN);
    }

    @Test
    void aFiringAlertIgnoresAStrayResolutionTime() {
        AlertNotification notification = AlertNotification.from(SampleAlerts.avro()
                .setResolvedAt(SampleAlerts.RESOLVED_AT).build());

        assertThat(notification.resolvedAt()).isEmpty();
    }

    @Test
    void optionalFieldsLeftNullAreEmpty() {
        AlertNotification notification = AlertNotification.from(SampleAlerts.avro().setScore(null).setLogType(null)
                .setInternal(null).setEvidence(Map.of()).build());

        assertThat(notification.score()).isEmpty();
        assertThat(notification.logType()).isEmpty();
        assertThat(notification.internal()).isEmpty();
        assertThat(notification.evidenceText()).isEmpty();
    }

    @Test
    void anAlertWithASeverityOrStatusFlowSightDoesNotKnowIsRefusedWithTheReason() {
        assertThatThrownBy(() -> AlertNotification.from(SampleAlerts.avro().setSeverity("urgent").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Alert " + SampleAlerts.ALERT_ID + " has severity \"urgent\", which is not low, medium, "
                        + "high or critical.");
        assertThatThrownBy(() -> AlertNotification.from(SampleAlerts.avro().setStatus("acknowledged").build()))
                .hasMessage("Alert " + SampleAlerts.ALERT_ID + " has status \"acknowledged\", which is not firing or "
                        + "resolved.");
    }
}
