package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An alert as an AWS Security Finding Format (ASFF) finding, schema 2018-10-08, imported under the account's default
 * product ({@code product/<account>/default}). The finding's {@code Id} is the alert id, so every notification of one
 * alert updates the same finding: a repeat refreshes {@code LastObservedAt} and {@code UpdatedAt}, the resolution
 * archives it. {@code UpdatedAt} is the time of the reported state, later for each of them, because Security Hub keeps
 * a finding's newest version only.
 */
final class AsffFinding {
    static final String SCHEMA_VERSION = "2018-10-08";
    /** ASFF's limits on the fields FlowSight fills from its alerts. */
    static final int ID_MAX = 512;
    static final int TITLE_MAX = 256;
    static final int DESCRIPTION_MAX = 1024;
    static final int PRODUCT_FIELD_MAX = 2048;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private AsffFinding() {
    }

    static ObjectNode of(AlertNotification alert, AwsRegion region, String accountId, AlertLink link) {
        ObjectNode finding = JsonBody.object();
        finding.put("SchemaVersion", SCHEMA_VERSION);
        finding.put("Id", id(alert));
        finding.put("ProductArn", productArn(region, accountId));
        finding.put("GeneratorId", TextLimit.shorten(alert.detector(), ID_MAX));
        finding.put("AwsAccountId", accountId);
        finding.set("Types", JsonBody.array().add(type(alert.detector())));
        finding.put("CreatedAt", alert.firstSeen().toString());
        finding.put("UpdatedAt", alert.eventTime().toString());
        finding.put("FirstObservedAt", alert.firstSeen().toString());
        finding.put("LastObservedAt", alert.lastSeen().toString());
        ObjectNode severity = JsonBody.object();
        severity.put("Label", alert.severity().name());
        finding.set("Severity", severity);
        String title = TextLimit.shorten(alert.detector() + " from " + alert.ip(), TITLE_MAX);
        finding.put("Title", title);
        finding.put("Description", alert.summary().isBlank() ? title
                : TextLimit.shorten(alert.summary(), DESCRIPTION_MAX));
        link.forAlert(alert).ifPresent(uri -> finding.put("SourceUrl", uri.toString()));

        ObjectNode resource = JsonBody.object();
        resource.put("Type", "Other");
        resource.put("Id", alert.ip());
        finding.set("Resources", JsonBody.array().add(resource));

        ObjectNode network = JsonBody.object();
        network.put("Direction", "IN");
        if (IPV4.matcher(alert.ip()).matches()) {
            network.put("SourceIpV4", alert.ip());
        } else if (IPV6.matcher(alert.ip()).matches()) {
            network.put("SourceIpV6", alert.ip());
        }
        finding.set("Network", network);

        ObjectNode fields = JsonBody.object();
        fields.put("detector", TextLimit.shorten(alert.detector(), PRODUCT_FIELD_MAX));
        alert.logType().ifPresent(type -> fields.put("log_type", type));
        fields.put("occurrences", Integer.toString(alert.occurrences()));
        fields.put("alert_id", TextLimit.shorten(alert.alertId(), PRODUCT_FIELD_MAX));
        finding.set("ProductFields", fields);

        finding.put("RecordState", alert.isResolved() ? "ARCHIVED" : "ACTIVE");
        ObjectNode workflow = JsonBody.object();
        workflow.put("Status", alert.isResolved() ? "RESOLVED" : "NEW");
        finding.set("Workflow", workflow);
        return finding;
    }

    /** The account's own product, which every account may import findings under once Security Hub is enabled. */
    static String productArn(AwsRegion region, String accountId) {
        return "arn:" + region.partition() + ":securityhub:" + region + ":" + accountId + ":product/" + accountId
                + "/default";
    }

    /**
     * The finding type, {@code namespace/category/classifier} from ASFF's Types taxonomy (its namespaces are TTPs,
     * Effects, Unusual Behaviors, Software and Configuration Checks and Sensitive Data Identifications).
     */
    static String type(String detector) {
        if (detector.startsWith("sigma:")) {
            return "Software and Configuration Checks/Sigma rule";
        }
        return switch (detector) {
            case "port_scan" -> "TTPs/Discovery/Recon:EC2-Portscan";
            case "brute_force", "console_login_failures" -> "TTPs/Credential Access/Brute Force";
            case "traffic_spike" -> "Effects/Data Exfiltration";
            case "denied_api_burst" -> "Unusual Behaviors/User";
            case "http_error_burst" -> "TTPs/Initial Access";
            case "watchlist" -> "Unusual Behaviors/IP address/Watchlist";
            default -> "Unusual Behaviors";
        };
    }

    /** The alert id, or its digest when it is longer than ASFF's 512 characters (the same for every update). */
    static String id(AlertNotification alert) {
        if (alert.alertId().length() <= ID_MAX) {
            return alert.alertId();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(alert.alertId().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
