package io.flowsight.respond.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrBlockTest {

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "198.51.100.7, 198.51.100.7, 198.51.100.7/32",
            "' 198.51.100.7 ', 198.51.100.7, 198.51.100.7/32",
            "198.51.100.7/32, 198.51.100.7, 198.51.100.7/32",
            "198.51.100.0/24, 198.51.100.0/24, 198.51.100.0/24",
            "2001:DB8:0:0:0:0:0:7, 2001:db8::7, 2001:db8::7/128",
            "2001:0db8::0001, 2001:db8::1, 2001:db8::1/128",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1, 2001:db8::1:0:0:1/128",
            "2001:db8:0:1:0:0:0:0, 2001:db8:0:1::, 2001:db8:0:1::/128",
            "2001:db8::/64, 2001:db8::/64, 2001:db8::/64",
            "2001:db8:0:0:1:1:1:1, 2001:db8::1:1:1:1, 2001:db8::1:1:1:1/128",
            "2001:db8:1:1:1:1:0:1, 2001:db8:1:1:1:1:0:1, 2001:db8:1:1:1:1:0:1/128",
            "::, ::, ::/128",
            "::ffff:203.0.113.9, 203.0.113.9, 203.0.113.9/32",
            "::ffff:203.0.113.0/120, 203.0.113.0/24, 203.0.113.0/24",
    })
    void everySpellingOfAnAddressHasOneCanonicalKey(String written, String key, String cidr) {
        CidrBlock block = CidrBlock.parse(written);

        assertThat(block.toString()).isEqualTo(key);
        assertThat(block.cidrNotation()).isEqualTo(cidr);
        assertThat(CidrBlock.parse(key)).isEqualTo(block).hasSameHashCodeAs(block);
    }

    @Test
    void familyAndSingleAddressFollowFromTheBytesAndThePrefix() {
        assertThat(CidrBlock.parse("198.51.100.7").family()).isEqualTo(AddressFamily.IPV4);
        assertThat(CidrBlock.parse("::ffff:198.51.100.7").family()).isEqualTo(AddressFamily.IPV4);
        assertThat(CidrBlock.parse("2001:db8::7").family()).isEqualTo(AddressFamily.IPV6);
        assertThat(CidrBlock.parse("198.51.100.7").isSingleAddress()).isTrue();
        assertThat(CidrBlock.parse("198.51.100.0/31").isSingleAddress()).isFalse();
        assertThat(CidrBlock.parse("2001:db8::/64").prefixLength()).isEqualTo(64);
    }

    @Test
    void whatIsNotAnAddressIsOneSentenceSayingWhatToWrite() {
        for (String text : List.of("scanner.example.com", "198.51.100.256", "198.51.100", "", "fe80::1%eth0")) {
            assertThatThrownBy(() -> CidrBlock.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + text + "' is not an IP address or CIDR block; write e.g. 198.51.100.7, "
                            + "198.51.100.0/24 or 2001:db8::7.");
        }
        assertThatThrownBy(() -> CidrBlock.parse("198.51.100.0/33"))
                .hasMessage("'198.51.100.0/33' has no valid prefix length; write one from 0 to 32 after the slash.");
        assertThatThrownBy(() -> CidrBlock.parse("2001:db8::/"))
                .hasMessage("'2001:db8::/' has no valid prefix length; write one from 0 to 128 after the slash.");
        assertThat(CidrBlock.tryParse("not an address")).isEmpty();
    }

    @Test
    void bitsPastThePrefixAreAMistakeWhoseFixIsNamed() {
        assertThatThrownBy(() -> CidrBlock.parse("198.51.100.77/24"))
                .hasMessage("'198.51.100.77/24' has bits set past its /24 prefix; write 198.51.100.0/24.");
        assertThatThrownBy(() -> CidrBlock.parse("2001:db8::1/64"))
                .hasMessage("'2001:db8::1/64' has bits set past its /64 prefix; write 2001:db8::/64.");
    }

    @Test
    void containmentAndOverlapStayWithinAFamily() {
        CidrBlock range = CidrBlock.parse("203.0.113.0/24");
        CidrBlock inside = CidrBlock.parse("203.0.113.77");
        CidrBlock broader = CidrBlock.parse("203.0.0.0/16");

        assertThat(range.contains(inside)).isTrue();
        assertThat(inside.contains(range)).isFalse();
        assertThat(inside.overlaps(range)).isTrue();
        assertThat(broader.contains(range)).isTrue();
        assertThat(range.overlaps(CidrBlock.parse("203.0.114.0/24"))).isFalse();
        assertThat(CidrBlock.parse("::/0").contains(inside)).as("no IPv6 block holds an IPv4 address").isFalse();
    }

    @Test
    void ordersIpv4BeforeIpv6ThenNumericallyThenBroaderFirst() {
        List<CidrBlock> sorted = Stream.of("2001:db8::1", "198.51.100.20", "198.51.100.3", "10.0.0.0/8",
                        "198.51.100.0/24", "198.51.100.0")
                .map(CidrBlock::parse).sorted().toList();

        assertThat(sorted).extracting(CidrBlock::toString).containsExactly("10.0.0.0/8", "198.51.100.0/24",
                "198.51.100.0", "198.51.100.3", "198.51.100.20", "2001:db8::1");
    }
}
