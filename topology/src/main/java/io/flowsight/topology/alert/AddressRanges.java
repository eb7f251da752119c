package io.flowsight.topology.alert;

import io.flowsight.topology.tally.IpAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A set of addresses and CIDR blocks (IPv4 and IPv6), each with a value, answering "which block contains this
 * address" with one hash lookup per distinct prefix length in the set (most specific first), not one per block.
 */
public final class AddressRanges<T> {
    private record Network(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Network network && Arrays.equals(bytes, network.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** Prefix length (longest first) to the networks of that length. */
    private final TreeMap<Integer, Map<Network, T>> v4 = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final TreeMap<Integer, Map<Network, T>> v6 = new TreeMap<>(java.util.Comparator.reverseOrder());

    public static AddressRanges<Boolean> of(List<String> blocks) {
        AddressRanges<Boolean> ranges = new AddressRanges<>();
        blocks.forEach(block -> ranges.add(block, Boolean.TRUE));
        return ranges;
    }

    public boolean isEmpty() {
        return v4.isEmpty() && v6.isEmpty();
    }

    /**
     * Adds {@code block} ({@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address).
     *
     * @throws IllegalArgumentException naming the block when it is not an address or CIDR block
     */
    public void add(String block, T value) {
        String text = block.strip();
        int slash = text.indexOf('/');
        byte[] address = parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + block + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8).");
        }
        int length;
        try {
            length = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + block + "' has no valid prefix length after '/'.");
        }
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException("'" + block + "' has prefix length " + length + "; it must be 0 to "
                    + address.length * 8 + ".");
        }
        (address.length == 4 ? v4 : v6).computeIfAbsent(length, l -> new HashMap<>())
                .put(new Network(mask(address, length)), value);
    }

    /** The value of the most specific block containing {@code address}; empty for non-addresses. */
    public Optional<T> lookup(String address) {
        if (isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = parse(address);
        if (bytes == null) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, Map<Network, T>> byLength : (bytes.length == 4 ? v4 : v6).entrySet()) {
            T value = byLength.getValue().get(new Network(mask(bytes, byLength.getKey())));
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String address) {
        return lookup(address).isPresent();
    }

    private static byte[] mask(byte[] address, int length) {
        byte[] masked = address.clone();
        for (int bit = length; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    /** The address's bytes, or null; never a DNS lookup (only literals reach InetAddress). */
    static byte[] parse(String text) {
        if (!IpAddresses.isLiteral(text)) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        try {
            // Java returns an IPv4-mapped IPv6 literal as 4 bytes, so it matches the IPv4 blocks.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
