package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.schemas.Severity;

/**
 * An alert as an OCSF 1.1.0 Detection Finding (class 2004, category 2 Findings), the shape Security Lake, Splunk and
 * other SIEMs ingest without a custom parser.
 *
 * <p>The lifecycle maps onto the finding's activity: the first firing creates it (1), a repeat updates it (2), the
 * resolution closes it (3). The Detection Finding class has no top-level {@code src_endpoint}: the address goes where
 * the schema puts the network source of a detection, {@code evidences[].src_endpoint.ip}, with the evidence map as that
 * artifact's {@code data}. What OCSF has no attribute for (log type, internal, score) goes to {@code unmapped}.
 */
final class OcsfDetectionFinding {
    static final int CLASS_UID = 2004;
    static final int CATEGORY_UID = 2;
    static final String SCHEMA_VERSION = "1.1.0";

    private OcsfDetectionFinding() {
    }

    static String render(AlertNotification alert, AlertLink link) {
        int activityId = alert.isResolved() ? 3 : alert.occurrences() > 1 ? 2 : 1;
        String activityName = switch (activityId) {
            case 1 -> "Create";
            case 2 -> "Update";
            default -> "Close";
        };
        ObjectNode finding = JsonBody.object();
        finding.put("class_uid", CLASS_UID);
        finding.put("class_name", "Detection Finding");
        finding.put("category_uid", CATEGORY_UID);
        finding.put("category_name", "Findings");
        finding.put("activity_id", activityId);
        finding.put("activity_name", activityName);
        finding.put("type_uid", CLASS_UID * 100 + activityId);
        finding.put("type_name", "Detection Finding: " + activityName);
        finding.put("severity_id", severityId(alert.severity()));
        finding.put("severity", caption(alert.severity()));
        finding.put("status_id", alert.isResolved() ? 4 : 1);
        finding.put("status", alert.isResolved() ? "Resolved" : "New");
        finding.put("time", alert.eventTime().toEpochMilli());
        finding.put("count", alert.occurrences());
        finding.put("message", alert.summary());

        ObjectNode product = JsonBody.object();
        product.put("name", "FlowSight");
        product.put("vendor_name", "FlowSight");
        ObjectNode metadata = JsonBody.object();
        metadata.put("version", SCHEMA_VERSION);
        metadata.set("product", product);
        finding.set("metadata", metadata);

        ObjectNode info = JsonBody.object();
        info.put("uid", alert.alertId());
        info.put("title", alert.detector() + " from " + alert.ip());
        info.put("desc", alert.summary());
        info.put("first_seen_time", alert.firstSeen().toEpochMilli());
        info.put("last_seen_time", alert.lastSeen().toEpochMilli());
        info.set("types", JsonBody.array().add(alert.detector()));
        link.forAlert(alert).ifPresent(uri -> info.put("src_url", uri.toString()));
        finding.set("finding_info", info);

        ObjectNode source = JsonBody.object();
        source.put("ip", alert.ip());
        ObjectNode evidence = JsonBody.object();
        evidence.set("src_endpoint", source);
        evidence.set("data", JsonBody.objectOf(alert.evidence()));
        finding.set("evidences", JsonBody.array().add(evidence));

        ObjectNode unmapped = JsonBody.object();
        alert.logType().ifPresent(type -> unmapped.put("log_type", type));
        alert.internal().ifPresent(internal -> unmapped.put("internal", internal));
        alert.score().ifPresent(score -> unmapped.put("score", score));
        if (!unmapped.isEmpty()) {
            finding.set("unmapped", unmapped);
        }
        return JsonBody.write(finding);
    }

    /** OCSF's severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
    static int severityId(Severity severity) {
        return switch (severity) {
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    private static String caption(Severity severity) {
        String name = severity.wireName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
