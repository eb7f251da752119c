package io.flowsight.respond.policy;

import io.flowsight.schemas.IpNetwork;

import java.util.Arrays;
import java.util.Optional;

/**
 * One blocklist key: a single address or a CIDR block, in one canonical spelling so that {@code 2001:DB8::0:1} and
 * {@code 2001:db8::1} are the same entry of the compacted topic. IPv6 is written as RFC 5952 recommends (lower case,
 * no leading zeros, the longest run of zero groups as {@code ::}); an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d})
 * is the IPv4 address it maps, since that is the family the targets need. A single address is written without its
 * prefix length ({@code 198.51.100.7}); {@link #cidrNotation()} always has it ({@code 198.51.100.7/32}), as WAF IP sets
 * and network ACLs want it.
 *
 * <p>Parsing never touches DNS: the text comes from log fields an attacker controls.
 */
public final class CidrBlock implements Comparable<CidrBlock> {
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @throws IllegalArgumentException with one sentence for a person when {@code text} is not an IPv4 or IPv6 address
     *                                  or CIDR block, or when it has bits set past its prefix
     */
    public static CidrBlock parse(String text) {
        String written = text == null ? "" : text.strip();
        int slash = written.indexOf('/');
        Optional<byte[]> address = IpNetwork.parseAddress(slash < 0 ? written : written.substring(0, slash));
        if (address.isEmpty() || written.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + written + "' is not an IP address or CIDR block; write e.g. "
                    + "198.51.100.7, 198.51.100.0/24 or 2001:db8::7.");
        }
        byte[] bytes = address.get();
        int length = bytes.length * 8;
        if (slash >= 0) {
            String digits = written.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(digits) > length) {
                throw new IllegalArgumentException("'" + written + "' has no valid prefix length; write one from 0 to "
                        + length + " after the slash.");
            }
            length = Integer.parseInt(digits);
        }
        if (bytes.length == 16 && length >= 96 && Arrays.equals(Arrays.copyOf(bytes, 12), IPV4_MAPPED_PREFIX)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            length -= 96;
        }
        byte[] masked = mask(bytes, length);
        if (!Arrays.equals(masked, bytes)) {
            throw new IllegalArgumentException("'" + written + "' has bits set past its /" + length + " prefix; write "
                    + new CidrBlock(masked, length).cidrNotation() + ".");
        }
        return new CidrBlock(bytes, length);
    }

    /** The canonical block, or empty when {@code text} does not parse. */
    public static Optional<CidrBlock> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public AddressFamily family() {
        return AddressFamily.ofLength(network.length);
    }

    public int prefixLength() {
        return prefixLength;
    }

    public boolean isSingleAddress() {
        return prefixLength == network.length * 8;
    }

    /** Whether every address of {@code other} is in this block. */
    public boolean contains(CidrBlock other) {
        return other.network.length == network.length && other.prefixLength >= prefixLength
                && new IpNetwork(network, prefixLength).contains(other.network);
    }

    /** Whether the two blocks share at least one address. */
    public boolean overlaps(CidrBlock other) {
        return contains(other) || other.contains(this);
    }

    /** Always with the prefix length: {@code 198.51.100.7/32}, {@code 2001:db8::/64}. */
    public String cidrNotation() {
        return addressText() + "/" + prefixLength;
    }

    /** The canonical spelling, the blocklist topic's key: a single address without its prefix length. */
    @Override
    public String toString() {
        return isSingleAddress() ? addressText() : cidrNotation();
    }

    /** IPv4 before IPv6, then by address (numerically), then the broader block first. */
    @Override
    public int compareTo(CidrBlock other) {
        int order = Integer.compare(network.length, other.network.length);
        if (order == 0) {
            order = Arrays.compareUnsigned(network, other.network);
        }
        return order != 0 ? order : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrBlock block && prefixLength == block.prefixLength
                && Arrays.equals(network, block.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    private String addressText() {
        if (network.length == 4) {
            return (network[0] & 0xff) + "." + (network[1] & 0xff) + "." + (network[2] & 0xff) + "."
                    + (network[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (network[2 * i] & 0xff) << 8 | network[2 * i + 1] & 0xff;
        }
        // RFC 5952 4.2: "::" stands for the longest run of two or more zero groups, the first of equally long runs.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int bit = prefixLength; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }
}
