package io.flowsight.ingest.vpc;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VpcFlowLogParserTest {
    static final Instant READ_TIME = Instant.parse("2026-11-22T12:00:00Z");

    VpcFlowLogParser parser = new VpcFlowLogParser(VpcFlowLogFormat.DEFAULT, () -> READ_TIME);

    @Test
    void aDefaultFormatLineBecomesATypedRecord() throws Exception {
        VpcFlowLog flow = parser.parse(
                "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK")
                .orElseThrow();
        assertThat(flow).isEqualTo(VpcFlowLog.newBuilder()
                .setVersion(2).setAccountId("123456789010").setInterfaceId("eni-1235b8ca123456789")
                .setSrcaddr("172.31.9.69").setDstaddr("172.31.9.12").setSrcport(49761).setDstport(3389)
                .setProtocol(6L).setPackets(20L).setBytes(4249L).setStart(1418530010L).setEnd(1418530070L)
                .setAction("REJECT").setLogStatus("OK").setEventTime(Instant.ofEpochSecond(1418530010L))
                .build());
    }

    @Test
    void nodataRecordsHaveNullAddressesAndTheirOwnTime() throws Exception {
        VpcFlowLog flow = parser.parse("2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA")
                .orElseThrow();
        assertThat(flow.getSrcaddr()).isNull();
        assertThat(flow.getBytes()).isNull();
        assertThat(flow.getAction()).isNull();
        assertThat(flow.getLogStatus()).isEqualTo("SKIPDATA");
        assertThat(flow.getEventTime()).isEqualTo(Instant.ofEpochSecond(1431280876L));
    }

    @Test
    void aHeaderLineSwitchesTheFormatEvenMidFile() throws Exception {
        assertThat(parser.parse("version srcaddr dstaddr action log-status")).isEmpty();
        VpcFlowLog first = parser.parse("3 10.0.0.1 10.0.0.2 ACCEPT OK").orElseThrow();
        assertThat(first.getDstaddr()).isEqualTo("10.0.0.2");
        assertThat(first.getEventTime()).as("no start or end: the read time").isEqualTo(READ_TIME);

        assertThat(parser.parse("version interface-id tcp-flags start")).isEmpty();
        VpcFlowLog second = parser.parse("3 eni-1 19 1566848875").orElseThrow();
        assertThat(second.getTcpFlags()).isEqualTo(19);
        assertThat(second.getSrcaddr()).isNull();
    }

    @Test
    void theConsoleLogFormatSyntaxAndUnderscoreNamesAreAccepted() throws Exception {
        VpcFlowLogFormat console = VpcFlowLogFormat.parse("${version} ${vpc-id} ${srcaddr} ${pkt-dst-aws-service}");
        VpcFlowLogFormat underscores = VpcFlowLogFormat.parse("version vpc_id srcaddr PKT_DST_AWS_SERVICE");
        VpcFlowLogFormat adjacent = VpcFlowLogFormat.parse("${version}${vpc-id}${srcaddr}${pkt-dst-aws-service}");
        assertThat(console).isEqualTo(underscores).isEqualTo(adjacent);
        assertThat(console.headerLine()).isEqualTo("version vpc-id srcaddr pkt-dst-aws-service");
    }

    @Test
    void anUnknownFieldInAFormatIsNamed() {
        assertThatThrownBy(() -> VpcFlowLogFormat.parse("version srcaddr source-port"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_FIELD))
                .hasMessageStartingWith("Unknown flow-log field 'source-port' in format \"version srcaddr source-port\"");
    }

    @Test
    void afterAHeaderWithAnUnknownFieldRecordsAreRefusedUntilAGoodHeader() throws Exception {
        assertThatThrownBy(() -> parser.parse("version srcaddr future-field"))
                .hasMessageStartingWith("Unknown flow-log field 'future-field'");
        assertThatThrownBy(() -> parser.parse("2 10.0.0.1 x"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_FIELD))
                .hasMessageContaining("refused rather than read with another format");
        assertThat(parser.parse("version srcaddr dstaddr")).isEmpty();
        assertThat(parser.parse("2 10.0.0.1 10.0.0.2").orElseThrow().getDstaddr()).isEqualTo("10.0.0.2");
    }

    @Test
    void extraValuesAreAnErrorNeverMisassigned() {
        assertThatThrownBy(() -> parser.parse(
                "2 123456789010 eni-1 1.1.1.1 2.2.2.2 1 2 6 20 4249 1418530010 1418530070 ACCEPT OK vpc-123"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.FIELD_COUNT))
                .hasMessageContaining("15 values but the format has 14 fields")
                .hasMessageContaining("first extra value is 'vpc-123'");
        assertThatThrownBy(() -> parser.parse("2 123456789010 eni-1 1.1.1.1"))
                .hasMessageContaining("4 values but the format has 14 fields")
                .hasMessageContaining("no value for dstaddr");
    }

    @Test
    void aNonNumericValueInANumericFieldIsNamed() {
        assertThatThrownBy(() -> parser.parse(
                "2 123456789010 eni-1 1.1.1.1 2.2.2.2 ssh 2 6 20 4249 1418530010 1418530070 ACCEPT OK"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE))
                .hasMessage("Field srcport must be a whole number, not 'ssh'.");
    }

    @Test
    void everyAddressFieldMustHoldAnIpAddress() {
        assertThatThrownBy(() -> parser.parse(
                "2 123456789012 eni-0000 not-an-ip 10.0.0.1 1 2 6 1 1 1700000000 1700000060 ACCEPT OK"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_VALUE))
                .hasMessage("Field srcaddr must be an IPv4 or IPv6 address, not 'not-an-ip'.");
        assertThatThrownBy(() -> parser.parse(
                "2 123456789012 eni-0000 10.0.0.1 10.0.0.256 1 2 6 1 1 1700000000 1700000060 ACCEPT OK"))
                .hasMessage("Field dstaddr must be an IPv4 or IPv6 address, not '10.0.0.256'.");
        assertThatThrownBy(() -> parser.parse(
                "2 123456789012 eni-0000 10.0.0.1 2001:db8:::1 1 2 6 1 1 1700000000 1700000060 ACCEPT OK"))
                .hasMessage("Field dstaddr must be an IPv4 or IPv6 address, not '2001:db8:::1'.");
        VpcFlowLogParser v5 = new VpcFlowLogParser();
        assertThatThrownBy(() -> {
            v5.parse("version pkt-srcaddr pkt-dstaddr srcaddr");
            v5.parse("5 10.0.0.1 example.com 10.0.0.2");
        }).hasMessage("Field pkt-dstaddr must be an IPv4 or IPv6 address, not 'example.com'.");
    }

    @Test
    void ipv6AddressesAndRunsOfSpacesAreFine() throws Exception {
        VpcFlowLog flow = parser.parse("2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105  "
                + "2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK\r")
                .orElseThrow();
        assertThat(flow.getSrcaddr()).isEqualTo("2001:db8:1234:a100:8d6e:3477:df66:f105");
        assertThat(flow.getLogStatus()).isEqualTo("OK");
    }

    @Test
    void blankLinesAreSkipped() throws Exception {
        assertThat(parser.parse("   ")).isEmpty();
    }
}
