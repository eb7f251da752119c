package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.aws.signing.AwsSigV4;
import io.flowsight.aws.signing.SignedPost;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.AttemptResult;
import io.flowsight.notify.OutboundRequest;
import io.flowsight.notify.Receiver;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS Security Hub, through {@code BatchImportFindings} (REST-JSON: {@code POST /findings/import} signed with SigV4
 * for the {@code securityhub} service): one {@link AsffFinding} per notification, under the account's default
 * product. The API takes up to 100 findings per call, but each notification is delivered (and retried, and
 * dead-lettered) on its own, so each call carries one.
 *
 * <p>Security Hub answers 200 even when it imported none of the findings, with {@code FailedCount} and
 * {@code FailedFindings[].ErrorCode/ErrorMessage}: {@link #review} turns such an answer into a refusal, so the
 * notification is dead-lettered with Security Hub's reason rather than counted as delivered.
 *
 * @param accountId the 12-digit account the findings belong to: the account of the credentials
 * @param endpoint Security Hub's base URL: its regional endpoint, or an override (a VPC endpoint, a test server)
 */
public record SecurityHubReceiver(AwsRegion region, String accountId, URI endpoint, AwsCredentialsSource credentials,
                                  AlertLink link) implements Receiver {
    public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final String SIGNING_NAME = "securityhub";
    static final String PATH = "/findings/import";

    public SecurityHubReceiver {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("An AWS account id is 12 digits, not \"" + accountId + "\".");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(link, "link");
    }

    /** Security Hub's endpoint in {@code region}, e.g. {@code https://securityhub.eu-west-1.amazonaws.com}. */
    public static URI defaultEndpoint(AwsRegion region) {
        return region.endpoint(SIGNING_NAME);
    }

    @Override
    public OutboundRequest requestFor(AlertNotification alert, Instant attemptTime) {
        ObjectNode body = JsonBody.object();
        body.set("Findings", JsonBody.array().add(AsffFinding.of(alert, region, accountId, link)));
        SignedPost signed = AwsSigV4.signedPost(importUri(), "application/json", JsonBody.write(body), SIGNING_NAME,
                region, credentials.resolve(), attemptTime);
        return new OutboundRequest(signed.uri(), signed.headers(), signed.body());
    }

    @Override
    public AttemptResult review(AttemptResult result) {
        if (result instanceof AttemptResult.Accepted accepted) {
            return importResult(accepted);
        }
        return AwsErrorAnswer.review(result, "Security Hub", "check region and account-id, that Security Hub is "
                + "enabled there, and that the credentials' principal may securityhub:BatchImportFindings");
    }

    @Override
    public String kind() {
        return "securityhub";
    }

    URI importUri() {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    }

    /**
     * A 200 is a delivery only when it says the finding was imported. An answer that is not BatchImportFindings' (a
     * proxy's page, say) is a refusal too: nothing shows the finding arrived, and a dead letter can be sent again.
     * The answer about one finding is a few hundred bytes, well within the excerpt the transport keeps.
     */
    private static AttemptResult importResult(AttemptResult.Accepted accepted) {
        Optional<JsonNode> answer = JsonBody.read(accepted.bodyExcerpt()).filter(JsonNode::isObject);
        if (answer.isEmpty() || !answer.get().path("FailedCount").isIntegralNumber()) {
            return new AttemptResult.FailedPermanently(accepted.status(), accepted.bodyExcerpt(), Optional.of(
                    "The receiver answered HTTP " + accepted.status() + " without BatchImportFindings' result, so "
                            + "nothing shows the finding was imported: check that endpoint is Security Hub's."));
        }
        if (answer.get().path("FailedCount").asInt() == 0) {
            return accepted;
        }
        JsonNode failed = answer.get().path("FailedFindings").path(0);
        String reason = failed.path("ErrorCode").asText("") + (failed.path("ErrorMessage").asText("").isEmpty() ? ""
                : ": " + failed.path("ErrorMessage").asText());
        return new AttemptResult.FailedPermanently(accepted.status(), accepted.bodyExcerpt(), Optional.of(
                "Security Hub answered HTTP " + accepted.status() + " but did not import the finding ("
                        + (reason.isEmpty() ? "no reason given" : reason) + "); sending it again would not change "
                        + "that."));
    }
}
