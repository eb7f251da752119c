package io.flowsight.respond.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * IPv4 or IPv6. The two are kept apart everywhere: WAF IP sets hold one family each, so the cap is counted per
 * family, and a network ACL entry is either a {@code CidrBlock} or an {@code Ipv6CidrBlock}.
 */
public enum AddressFamily {
    IPV4(32), IPV6(128);

    private final int bits;

    AddressFamily(int bits) {
        this.bits = bits;
    }

    /** Address length in bits: the prefix length of a single address. */
    public int bits() {
        return bits;
    }

    /** The spelling of the blocklist topic's {@code family} field: {@code ipv4} or {@code ipv6}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AddressFamily> fromWireName(String text) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(text)).findFirst();
    }

    static AddressFamily ofLength(int bytes) {
        return bytes == 4 ? IPV4 : IPV6;
    }
}
