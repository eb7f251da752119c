package io.flowsight.respond.file;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlocklistFileFormatTest {

    @Test
    void thePlainListIsOneAddressOrCidrBlockPerLine() {
        assertThat(BlocklistFileFormat.PLAIN.render(SampleEntries.current())).isEqualTo("""
                198.51.100.23
                203.0.113.0/24
                2001:db8::66
                2001:db8:bad::/64
                """);
    }

    @Test
    void theGuardDutyThreatListIsThePlainTextFormatGuardDutyDocuments() {
        assertThat(BlocklistFileFormat.GUARDDUTY_TXT.render(SampleEntries.current())).isEqualTo("""
                198.51.100.23
                203.0.113.0/24
                2001:db8::66
                2001:db8:bad::/64
                """);
    }

    @Test
    void theCsvHasAHeaderTheExpiryInUtcAndQuotesWhatNeedsIt() {
        assertThat(BlocklistFileFormat.CSV.render(SampleEntries.current())).isEqualTo("""
                address,family,expires_at,severity,reason
                198.51.100.23,ipv4,2026-03-02T14:05:00Z,high,Blocked for 4h after a high port_scan alert (offence 1).
                203.0.113.0/24,ipv4,2026-03-03T10:05:00Z,critical,Blocked by alice for 1d.
                2001:db8::66,ipv6,2026-03-03T03:05:00Z,critical,"Blocked again before its block ended, after a \
                critical brute_force alert (offence 2): now until 2026-03-03T03:05:00Z, 16h from now."
                2001:db8:bad::/64,ipv6,2026-03-02T12:05:00Z,medium,"Blocked by ""eve"" o'neil for 2h."
                """);
    }

    @Test
    void aCsvFieldASpreadsheetWouldRunAsAFormulaIsDefused() {
        BlockedAddress formula = SampleEntries.entry("198.51.100.23", "2026-03-02T14:05:00Z", Severity.LOW, "x",
                "=HYPERLINK(\"http://example.com\")");

        assertThat(BlocklistFileFormat.CSV.render(List.of(formula))).isEqualTo("""
                address,family,expires_at,severity,reason
                198.51.100.23,ipv4,2026-03-02T14:05:00Z,low,"'=HYPERLINK(""http://example.com"")"
                """);
    }

    @Test
    void anEmptyListIsAnEmptyFileOrAHeader() {
        assertThat(BlocklistFileFormat.PLAIN.render(List.of())).isEmpty();
        assertThat(BlocklistFileFormat.GUARDDUTY_TXT.render(List.of())).isEmpty();
        assertThat(BlocklistFileFormat.CSV.render(List.of())).isEqualTo("address,family,expires_at,severity,reason\n");
    }

    @Test
    void aGuardDutyListStopsAtGuardDutysLimit() {
        List<BlockedAddress> limit = IntStream.range(0, BlocklistFileFormat.GUARDDUTY_MAX_ENTRIES + 1)
                .mapToObj(i -> SampleEntries.entry("2001:db8::" + Integer.toHexString(i >>> 16) + ":"
                        + Integer.toHexString(i & 0xffff), "2026-03-02T14:05:00Z", Severity.HIGH, "policy", "x"))
                .toList();

        assertThat(BlocklistFileFormat.GUARDDUTY_TXT.render(limit.subList(0, 250_000)).lines()).hasSize(250_000);
        assertThatThrownBy(() -> BlocklistFileFormat.GUARDDUTY_TXT.render(limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GuardDuty reads at most 250000 entries from a threat list and the blocklist holds 250001; "
                        + "lower flowsight.respond.block.max.entries.");
        assertThat(BlocklistFileFormat.PLAIN.render(limit).lines()).as("the plain list has no such limit")
                .hasSize(250_001);
    }

    @Test
    void formatsAreNamedInSettingsByTheirWireName() {
        assertThat(BlocklistFileFormat.fromWireName(" CSV ")).hasValue(BlocklistFileFormat.CSV);
        assertThat(BlocklistFileFormat.fromWireName("guardduty")).hasValue(BlocklistFileFormat.GUARDDUTY_TXT);
        assertThat(BlocklistFileFormat.fromWireName("json")).isEmpty();
        assertThat(BlocklistFileFormat.choices()).isEqualTo("plain, csv or guardduty");
    }
}
