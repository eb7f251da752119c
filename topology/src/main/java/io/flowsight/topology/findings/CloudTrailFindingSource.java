package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatcher;
import io.flowsight.rules.SigmaRule;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.SessionContext;
import io.flowsight.schemas.SessionIssuer;
import io.flowsight.schemas.UserIdentity;

import java.util.List;

/** CloudTrail events under {@code product: aws, service: cloudtrail} rules; the event id is CloudTrail's own. */
public final class CloudTrailFindingSource implements FindingSource<CloudTrailEvent> {

    @Override
    public String logType() {
        return "cloudtrail";
    }

    @Override
    public RuleMatcher<CloudTrailEvent> matcher(List<SigmaRule> rules) {
        return RuleMatcher.cloudTrail(rules);
    }


    @Override
    public Finding.Builder describe(CloudTrailEvent event) {
        UserIdentity identity = event.getUseridentity();
        String eventId = event.getEventid();
        return Finding.newBuilder()
                .setLogType(logType())
                .setEventId(eventId == null || eventId.isBlank() ? RecordDigest.of(event) : eventId)
                .setEventTime(event.getEventTime())
                .setSourceAddress(event.getSourceipaddress())
                .setPrincipalArn(identity == null ? null : identity.getArn())
                .setUserName(userName(identity))
                .setEventSource(event.getEventsource())
                .setEventName(event.getEventname())
                .setErrorCode(event.getErrorcode())
                .setAwsRegion(event.getAwsregion())
                .setAccountId(event.getRecipientaccountid() != null ? event.getRecipientaccountid()
                        : identity == null ? null : identity.getAccountid())
                .setUserAgent(event.getUseragent());
    }

    /** An IAM user's name, or for an assumed role the name of the role that issued the session. */
    private static String userName(UserIdentity identity) {
        if (identity == null) {
            return null;
        }
        if (identity.getUsername() != null) {
            return identity.getUsername();
        }
        SessionContext context = identity.getSessioncontext();
        SessionIssuer issuer = context == null ? null : context.getSessionissuer();
        return issuer == null ? null : issuer.getUsername();
    }
}
