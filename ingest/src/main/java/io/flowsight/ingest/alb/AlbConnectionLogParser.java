package io.flowsight.ingest.alb;

import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.AlbConnectionLogEntry;

import java.util.List;
import java.util.Optional;

import static io.flowsight.ingest.alb.AlbFields.address;
import static io.flowsight.ingest.alb.AlbFields.at;
import static io.flowsight.ingest.alb.AlbFields.decimal;
import static io.flowsight.ingest.alb.AlbFields.instant;
import static io.flowsight.ingest.alb.AlbFields.integer;
import static io.flowsight.ingest.alb.AlbFields.text;

/**
 * Turns Application Load Balancer connection-log lines ({@code conn_log_} objects: one line per connection
 * attempt) into {@link AlbConnectionLogEntry} records. AWS warns that a trailing {@code -} may appear before it
 * documents a new field; such trailing fields are kept in {@code extra_fields}.
 */
public final class AlbConnectionLogParser implements LineParser<AlbConnectionLogEntry> {
    /** time .. tls_verify_status: lines older than the connection trace id stop there. */
    private static final int REQUIRED_FIELDS = 11;
    /** time .. ip_address. */
    private static final int KNOWN_FIELDS = 15;

    @Override
    public Optional<AlbConnectionLogEntry> parse(String line) throws ParseException {
        List<String> f = AlbLine.fields(line);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        if (f.size() < REQUIRED_FIELDS) {
            throw new ParseException(RejectReason.FIELD_COUNT, "An ALB connection-log line has at least "
                    + REQUIRED_FIELDS + " fields (through tls_verify_status); this one has " + f.size() + ".");
        }
        AlbConnectionLogEntry entry = new AlbConnectionLogEntry();
        entry.setTime(f.get(0));
        entry.setEventTime(instant("time", f.get(0)));
        entry.setClientIp(address("client_ip", f.get(1)));
        entry.setClientPort(integer("client_port", f.get(2)));
        entry.setListenerPort(integer("listener_port", f.get(3)));
        entry.setTlsProtocol(text(f.get(4)));
        entry.setTlsCipher(text(f.get(5)));
        entry.setTlsHandshakeLatency(decimal("tls_handshake_latency", f.get(6)));
        entry.setLeafClientCertSubject(text(f.get(7)));
        entry.setLeafClientCertValidity(text(f.get(8)));
        entry.setLeafClientCertSerialNumber(text(f.get(9)));
        entry.setTlsVerifyStatus(text(f.get(10)));
        entry.setConnTraceId(text(at(f, 11)));
        entry.setTlsKeyexchange(text(at(f, 12)));
        entry.setElb(text(at(f, 13)));
        entry.setIpAddress(text(at(f, 14)));
        if (f.size() > KNOWN_FIELDS) {
            entry.setExtraFields(List.copyOf(f.subList(KNOWN_FIELDS, f.size())));
        }
        return Optional.of(entry);
    }
}
