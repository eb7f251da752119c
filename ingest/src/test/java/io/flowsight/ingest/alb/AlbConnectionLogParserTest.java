package io.flowsight.ingest.alb;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.AlbConnectionLogEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two example entries of AWS's "Connection logs for your Application Load Balancer" page, as single lines. */
class AlbConnectionLogParserTest {
    static final String SUCCESS = "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 "
            + "ECDHE-RSA-AES128-GCM-SHA256 4.036 \"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" "
            + "NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 Success "
            + "TID_3180a73013c8ca4bac2f731159d4b0fe";
    static final String FAILED = "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 "
            + "ECDHE-RSA-AES128-GCM-SHA256 - \"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" "
            + "NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 "
            + "Failed:ClientCertUntrusted TID_1c71a68d70587445ad5127ff8b2687d7";

    final AlbConnectionLogParser parser = new AlbConnectionLogParser();

    @Test
    void aSuccessfulMutualTlsConnection() throws Exception {
        AlbConnectionLogEntry entry = parser.parse(SUCCESS).orElseThrow();
        assertThat(entry).isEqualTo(AlbConnectionLogEntry.newBuilder()
                .setTime("2023-10-04T17:05:15.514108Z").setClientIp("203.0.113.1").setClientPort(36280)
                .setListenerPort(443).setTlsProtocol("TLSv1.2").setTlsCipher("ECDHE-RSA-AES128-GCM-SHA256")
                .setTlsHandshakeLatency(4.036)
                .setLeafClientCertSubject("CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US")
                .setLeafClientCertValidity("NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z")
                .setLeafClientCertSerialNumber("FEF257372D5C14D4").setTlsVerifyStatus("Success")
                .setConnTraceId("TID_3180a73013c8ca4bac2f731159d4b0fe")
                .setEventTime(Instant.parse("2023-10-04T17:05:15.514Z"))
                .build());
    }

    @Test
    void aFailedHandshakeHasNoLatencyAndNamesTheError() throws Exception {
        AlbConnectionLogEntry entry = parser.parse(FAILED).orElseThrow();
        assertThat(entry.getTlsHandshakeLatency()).isNull();
        assertThat(entry.getTlsVerifyStatus()).isEqualTo("Failed:ClientCertUntrusted");
    }

    @Test
    void newerFieldsAndATrailingPlaceholderAreKept() throws Exception {
        AlbConnectionLogEntry entry = parser.parse(SUCCESS + " X25519 app/my-lb/50dc6c495c0c9188 10.0.0.5 -")
                .orElseThrow();
        assertThat(entry.getTlsKeyexchange()).isEqualTo("X25519");
        assertThat(entry.getElb()).isEqualTo("app/my-lb/50dc6c495c0c9188");
        assertThat(entry.getIpAddress()).isEqualTo("10.0.0.5");
        assertThat(entry.getExtraFields()).containsExactly("-");
    }

    @Test
    void theClientMustBeAnIpAddress() {
        assertThatThrownBy(() -> parser.parse(SUCCESS.replace(" 203.0.113.1 ", " 203.0.113.1.5 ")))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE))
                .hasMessage("Field client_ip must be an IPv4 or IPv6 address, not '203.0.113.1.5'.");
    }

    @Test
    void anAccessLogLineIsNotAConnectionLogLine() {
        assertThatThrownBy(() -> parser.parse(AlbLogParserTest.HTTPS))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE))
                .hasMessageStartingWith("Field time must be an ISO-8601 UTC time");
    }
}
