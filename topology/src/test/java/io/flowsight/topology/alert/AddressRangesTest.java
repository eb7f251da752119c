package io.flowsight.topology.alert;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRangesTest {
    @Test
    void theMostSpecificBlockWins() {
        AddressRanges<String> ranges = new AddressRanges<>();
        ranges.add("10.0.0.0/8", "corp");
        ranges.add("10.1.2.0/24", "lab");
        ranges.add("10.1.2.3", "printer");
        ranges.add("2001:db8::/32", "docs-v6");
        assertThat(ranges.lookup("10.1.2.3")).hasValue("printer");
        assertThat(ranges.lookup("10.1.2.4")).hasValue("lab");
        assertThat(ranges.lookup("10.200.0.1")).hasValue("corp");
        assertThat(ranges.lookup("11.0.0.1")).isEmpty();
        assertThat(ranges.lookup("2001:db8:1::7")).hasValue("docs-v6");
        assertThat(ranges.lookup("2001:db9::1")).isEmpty();
    }

    @Test
    void namesAndMalformedTextNeverMatchAndNeverResolve() {
        AddressRanges<Boolean> ranges = AddressRanges.of(List.of("0.0.0.0/0", "::/0"));
        assertThat(ranges.contains("ec2.amazonaws.com")).isFalse();
        assertThat(ranges.contains("999.1.1.1")).isFalse();
        assertThat(ranges.contains("-")).isFalse();
        assertThat(ranges.contains("192.0.2.1")).isTrue();
        assertThat(ranges.contains("::ffff:192.0.2.1")).as("IPv4-mapped IPv6 is IPv4").isTrue();
    }

    @Test
    void badBlocksSayWhatIsWrong() {
        AddressRanges<Boolean> ranges = new AddressRanges<>();
        assertThatThrownBy(() -> ranges.add("10.0.0.0/33", true))
                .hasMessage("'10.0.0.0/33' has prefix length 33; it must be 0 to 32.");
        assertThatThrownBy(() -> ranges.add("evil.example.com", true))
                .hasMessage("'evil.example.com' is not an IP address or CIDR block (e.g. 10.0.0.0/8).");
        assertThatThrownBy(() -> ranges.add("10.0.0.0/x", true))
                .hasMessage("'10.0.0.0/x' has no valid prefix length after '/'.");
    }
}
