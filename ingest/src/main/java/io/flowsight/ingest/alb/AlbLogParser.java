package io.flowsight.ingest.alb;

import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.AlbLogEntry;

import java.util.List;
import java.util.Optional;

import static io.flowsight.ingest.alb.AlbFields.at;
import static io.flowsight.ingest.alb.AlbFields.decimal;
import static io.flowsight.ingest.alb.AlbFields.hostAndPort;
import static io.flowsight.ingest.alb.AlbFields.instant;
import static io.flowsight.ingest.alb.AlbFields.integer;
import static io.flowsight.ingest.alb.AlbFields.text;
import static io.flowsight.ingest.alb.AlbFields.whole;

/**
 * Turns Application Load Balancer access-log lines into {@link AlbLogEntry} records, field by field in AWS's
 * documented order. Lines written before AWS added the later fields simply have them null; fields AWS adds
 * after the last one known here are kept in {@code extra_fields}, so a new AWS release does not turn every
 * line into a dead letter.
 */
public final class AlbLogParser implements LineParser<AlbLogEntry> {
    /** The fields up to and including the quoted request line must be present. */
    private static final int REQUIRED_FIELDS = 13;
    /** type .. classification_reason, conn_trace_id, transformed_host, transformed_uri, request_transform_status. */
    private static final int KNOWN_FIELDS = 33;

    /**
     * Parses one line.
     *
     * @return the entry, or empty for a blank line
     * @throws ParseException naming the field at fault
     */
    @Override
    public Optional<AlbLogEntry> parse(String line) throws ParseException {
        List<String> f = AlbLine.fields(line);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        if (f.size() < REQUIRED_FIELDS) {
            throw new ParseException(RejectReason.FIELD_COUNT, "An ALB access-log line has at least "
                    + REQUIRED_FIELDS + " fields (through the quoted request); this one has " + f.size() + ".");
        }
        AlbLogEntry entry = new AlbLogEntry();
        entry.setType(f.get(0));
        entry.setTime(f.get(1));
        entry.setEventTime(instant("time", f.get(1)));
        entry.setElb(f.get(2));
        HostAndPort client = hostAndPort("client:port", f.get(3));
        entry.setClientIp(client.host());
        entry.setClientPort(client.port());
        HostAndPort target = hostAndPort("target:port", f.get(4));
        entry.setTargetIp(target.host());
        entry.setTargetPort(target.port());
        entry.setRequestProcessingTime(decimal("request_processing_time", f.get(5)));
        entry.setTargetProcessingTime(decimal("target_processing_time", f.get(6)));
        entry.setResponseProcessingTime(decimal("response_processing_time", f.get(7)));
        entry.setElbStatusCode(integer("elb_status_code", f.get(8)));
        entry.setTargetStatusCode(text(f.get(9)));
        entry.setReceivedBytes(whole("received_bytes", f.get(10)));
        entry.setSentBytes(whole("sent_bytes", f.get(11)));
        setRequest(entry, f.get(12));
        entry.setUserAgent(text(at(f, 13)));
        entry.setSslCipher(text(at(f, 14)));
        entry.setSslProtocol(text(at(f, 15)));
        entry.setTargetGroupArn(text(at(f, 16)));
        entry.setTraceId(text(at(f, 17)));
        entry.setDomainName(text(at(f, 18)));
        entry.setChosenCertArn(text(at(f, 19)));
        entry.setMatchedRulePriority(text(at(f, 20)));
        entry.setRequestCreationTime(text(at(f, 21)));
        entry.setActionsExecuted(text(at(f, 22)));
        entry.setRedirectUrl(text(at(f, 23)));
        entry.setLambdaErrorReason(text(at(f, 24)));
        entry.setTargetPortList(text(at(f, 25)));
        entry.setTargetStatusCodeList(text(at(f, 26)));
        entry.setClassification(text(at(f, 27)));
        entry.setClassificationReason(text(at(f, 28)));
        entry.setConnTraceId(text(at(f, 29)));
        entry.setTransformedHost(text(at(f, 30)));
        entry.setTransformedUri(text(at(f, 31)));
        entry.setRequestTransformStatus(text(at(f, 32)));
        if (f.size() > KNOWN_FIELDS) {
            entry.setExtraFields(List.copyOf(f.subList(KNOWN_FIELDS, f.size())));
        }
        return Optional.of(entry);
    }

    /** The request line {@code METHOD URL PROTOCOL}; the URL may itself contain spaces as the client sent it. */
    private static void setRequest(AlbLogEntry entry, String request) {
        int first = request.indexOf(' ');
        int last = request.lastIndexOf(' ');
        if (first < 0) {
            entry.setRequestUrl(text(request));
            return;
        }
        entry.setRequestVerb(text(request.substring(0, first)));
        if (last == first) {
            entry.setRequestUrl(text(request.substring(first + 1)));
            return;
        }
        entry.setRequestUrl(text(request.substring(first + 1, last)));
        entry.setRequestProto(text(request.substring(last + 1)));
    }

}
