package io.flowsight.topology.computations;

import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.Topic;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.detect.Detector;
import io.flowsight.topology.findings.CloudTrailFindingSource;
import io.flowsight.topology.tally.Rekeyed;
import io.flowsight.topology.tally.TallyDefinition;

import java.util.List;
import java.util.Optional;

/**
 * What FlowSight computes from CloudTrail: calls per source address (the raw topic's key) and per principal
 * (repartitioned by {@code useridentity.arn}), denied calls, failed console logins, and bursts of errors and of write
 * calls per principal against its baseline (the idea of CloudTrail Insights' ApiErrorRateInsight and
 * ApiCallRateInsight).
 */
public final class CloudTrailComputations {
    static final long ERRORS_FLOOR = 10;
    static final long WRITES_FLOOR = 20;

    private CloudTrailComputations() {
    }

    public static ComputationPlan<CloudTrailEvent> plan(TopologyConfig config) {
        TallyDefinition.Builder<CloudTrailEvent> address = TallyDefinition.<CloudTrailEvent>builder("cloudtrail_ip",
                        "cloudtrail")
                .counters("calls", "denied", "console_login_failures")
                .key(CloudTrailEvent::getSourceipaddress, true)
                .contribution((event, update) -> {
                    update.add(0, 1);
                    if (isDenied(event.getErrorcode())) {
                        update.add(1, 1);
                    }
                    if (isFailedConsoleLogin(event)) {
                        update.add(2, 1);
                    }
                });
        address.ranked("cloudtrail_ip_calls", "calls")
                .rejections("cloudtrail_ip", "denied", null)
                .detector(Detector.threshold("denied_api_burst", address.counter("denied"), config.deniedCalls(),
                        "denied_api_burst", "high"))
                .detector(Detector.threshold("console_login_failures", address.counter("console_login_failures"),
                        config.consoleLoginFailures(), "console_login_failures", "high"));

        TallyDefinition.Builder<long[]> principal = Rekeyed.over("cloudtrail_principal", "cloudtrail", false,
                "calls", "errors", "denied", "writes");
        principal.ranked("cloudtrail_principal_calls", "calls")
                .rejections("cloudtrail_principal", "denied", null)
                .detector(Detector.baseline("api_error_rate", principal.counter("errors"), config.scoreThreshold(),
                        ERRORS_FLOOR, null, "medium"))
                .detector(Detector.baseline("write_call_rate", principal.counter("writes"), config.scoreThreshold(),
                        WRITES_FLOOR, null, "medium"));
        Rekeyed<CloudTrailEvent> byPrincipal = new Rekeyed<>("cloudtrail_principal", CloudTrailComputations::principal,
                event -> new long[]{1, event.getErrorcode() == null ? 0 : 1, isDenied(event.getErrorcode()) ? 1 : 0,
                        "false".equalsIgnoreCase(event.getReadonly()) ? 1 : 0},
                principal.build());
        return new ComputationPlan<>("cloudtrail", Topic.RAW_CLOUDTRAIL, "cloudtrail", CloudTrailEvent.class,
                List.of(address.build()), List.of(byPrincipal),
                event -> VpcFlowComputations.addresses(event.getSourceipaddress()),
                Optional.of(new CloudTrailFindingSource()));
    }

    static String principal(CloudTrailEvent event) {
        return event.getUseridentity() == null ? null : event.getUseridentity().getArn();
    }

    /** AccessDenied, AccessDeniedException, Client.UnauthorizedOperation, UnauthorizedAccess, ... */
    static boolean isDenied(String errorCode) {
        return errorCode != null && (errorCode.startsWith("AccessDenied") || errorCode.contains("Unauthorized"));
    }

    static boolean isFailedConsoleLogin(CloudTrailEvent event) {
        if (!"ConsoleLogin".equals(event.getEventname())) {
            return false;
        }
        String response = event.getResponseelements();
        return (response != null && response.contains("\"Failure\"")) || event.getErrormessage() != null;
    }
}
