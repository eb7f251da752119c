package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatcher;
import io.flowsight.rules.SigmaRule;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.Finding;

import java.util.List;

/**
 * ALB access-log entries under {@code category: webserver} rules. An entry carries no id of its own, so its event
 * id is its {@link RecordDigest}.
 */
public final class AlbFindingSource implements FindingSource<AlbLogEntry> {

    @Override
    public String logType() {
        return "alb";
    }

    @Override
    public RuleMatcher<AlbLogEntry> matcher(List<SigmaRule> rules) {
        return RuleMatcher.alb(rules);
    }


    @Override
    public Finding.Builder describe(AlbLogEntry entry) {
        return Finding.newBuilder()
                .setLogType(logType())
                .setEventId(RecordDigest.of(entry))
                .setEventTime(entry.getEventTime())
                .setSourceAddress(entry.getClientIp())
                .setRequestVerb(entry.getRequestVerb())
                .setRequestUrl(entry.getRequestUrl())
                .setUserAgent(entry.getUserAgent())
                .setStatusCode(entry.getElbStatusCode());
    }
}
