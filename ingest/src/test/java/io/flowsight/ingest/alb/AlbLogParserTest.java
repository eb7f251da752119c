package io.flowsight.ingest.alb;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.AlbLogEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlbLogParserTest {
    /** AWS's documented HTTPS example with a connection trace id (Vector case "two"). */
    static final String HTTPS = "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 "
            + "192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "
            + "\"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
            + "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
            + "\"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" "
            + "\"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 "
            + "2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" "
            + "TID_dc57cebed65b444ebc8177bb698fe166";

    AlbLogParser parser = new AlbLogParser();

    @Test
    void fieldsAfterTheKnownOnesAreKeptNotFatal() throws Exception {
        AlbLogEntry entry = parser.parse(HTTPS + " \"example.com\" \"/new\" \"TransformSuccess\" \"future\" 42")
                .orElseThrow();
        assertThat(entry.getConnTraceId()).isEqualTo("TID_dc57cebed65b444ebc8177bb698fe166");
        assertThat(entry.getTransformedHost()).isEqualTo("example.com");
        assertThat(entry.getRequestTransformStatus()).isEqualTo("TransformSuccess");
        assertThat(entry.getExtraFields()).containsExactly("future", "42");
    }

    @Test
    void bracketedIpv6ClientsAndEscapedQuotesInTheUserAgent() throws Exception {
        String line = HTTPS.replace("192.168.131.39:2817", "[2001:db8::1]:443")
                .replace("\"curl/7.46.0\"", "\"Mozilla \\\"quoted\\\" agent\"");
        AlbLogEntry entry = parser.parse(line).orElseThrow();
        assertThat(entry.getClientIp()).isEqualTo("2001:db8::1");
        assertThat(entry.getClientPort()).isEqualTo(443);
        assertThat(entry.getUserAgent()).isEqualTo("Mozilla \"quoted\" agent");
    }

    @Test
    void aUrlWithSpacesKeepsThemAndAMissingSpaceAfterAQuoteIsTolerated() throws Exception {
        String line = HTTPS.replace("\"GET https://www.example.com:443/ HTTP/1.1\"",
                        "\"GET https://www.example.com:443/a b/c HTTP/1.1\"")
                .replace("\"-\" \"-\" \"10.0.0.1:80\"", "\"-\" \"-\"\"10.0.0.1:80\"");
        AlbLogEntry entry = parser.parse(line).orElseThrow();
        assertThat(entry.getRequestUrl()).isEqualTo("https://www.example.com:443/a b/c");
        assertThat(entry.getTargetPortList()).isEqualTo("10.0.0.1:80");
    }

    @Test
    void olderLinesWithoutTheLaterFieldsParseWithThoseNull() throws Exception {
        List<String> fields = AlbLine.fields(HTTPS);
        String older = String.join(" ", fields.subList(0, 13).stream().map(f -> f.contains(" ") ? "\"" + f + "\"" : f)
                .toList());
        AlbLogEntry entry = parser.parse(older).orElseThrow();
        assertThat(entry.getRequestUrl()).isEqualTo("https://www.example.com:443/");
        assertThat(entry.getUserAgent()).isNull();
        assertThat(entry.getConnTraceId()).isNull();
    }

    @Test
    void badInputIsRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> parser.parse("http 2018-07-02T22:23:00Z app/x 1.2.3.4:80"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.FIELD_COUNT));
        assertThatThrownBy(() -> parser.parse(HTTPS.replace("2018-07-02T22:23:00.186641Z", "yesterday")))
                .hasMessageStartingWith("Field time must be an ISO-8601 UTC time");
        assertThatThrownBy(() -> parser.parse(HTTPS.replace(" 0 57 ", " zero 57 ")))
                .hasMessage("Field received_bytes must be a whole number, not 'zero'.");
        assertThatThrownBy(() -> parser.parse(HTTPS.replace("192.168.131.39:2817", "attacker.example:2817")))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE))
                .hasMessage("Field client:port must be an IPv4 or IPv6 address, not 'attacker.example'.");
        assertThatThrownBy(() -> parser.parse(HTTPS.replace("10.0.0.1:80 0.086", "10.0.0:80 0.086")))
                .hasMessage("Field target:port must be an IPv4 or IPv6 address, not '10.0.0'.");
        assertThatThrownBy(() -> parser.parse(HTTPS + " \"unterminated"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED));
    }
}
