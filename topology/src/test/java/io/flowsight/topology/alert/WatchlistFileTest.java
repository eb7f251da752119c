package io.flowsight.topology.alert;

import io.flowsight.schemas.WatchlistEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WatchlistFileTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void readsPlainCsvAndDropStyleLinesAndNamesTheBadOnes() {
        WatchlistFile.Contents contents = WatchlistFile.read(List.of(
                "# threat intel, exported 2026-11-22",
                "203.0.113.7",
                "198.51.100.0/24,scanner farm",
                "192.0.2.0/24 ; SBL123   # drop list",
                "",
                "2001:db8:bad::/48 C2 over IPv6",
                "evil.example.com,phishing",
                "10.0.0.0/40"), "intel", "high", NOW);

        assertThat(contents.entries()).extracting(WatchlistEntry::getIndicator, WatchlistEntry::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("203.0.113.7", null),
                        org.assertj.core.groups.Tuple.tuple("198.51.100.0/24", "scanner farm"),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.0/24", "SBL123"),
                        org.assertj.core.groups.Tuple.tuple("2001:db8:bad::/48", "C2 over IPv6"));
        assertThat(contents.entries()).allSatisfy(entry -> {
            assertThat(entry.getListName()).isEqualTo("intel");
            assertThat(entry.getSeverity()).isEqualTo("high");
            assertThat(entry.getAddedAt()).isEqualTo(NOW);
        });
        assertThat(contents.problems()).containsExactly(
                new WatchlistFile.Problem(7, "'evil.example.com' is not an IP address or CIDR block (e.g. 10.0.0.0/8)."),
                new WatchlistFile.Problem(8, "'10.0.0.0/40' has prefix length 40; it must be 0 to 32."));
    }
}
