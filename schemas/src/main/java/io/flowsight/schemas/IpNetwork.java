package io.flowsight.schemas;

import java.util.Optional;

/**
 * An IPv4 or IPv6 network (Sigma rules' {@code cidr} modifier, silences). Addresses are parsed here rather than with
 * {@code InetAddress.getByName}, which falls back to a DNS lookup for text that is not a literal: log fields are
 * attacker-controlled and matching must never touch the network.
 */
public record IpNetwork(byte[] prefix, int prefixLength) {

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or an address alone (a host network). Empty when malformed. */
    public static Optional<IpNetwork> parse(String cidr) {
        int slash = cidr.indexOf('/');
        Optional<byte[]> address = parseAddress(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int length = bits;
        if (slash >= 0) {
            String digits = cidr.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            length = Integer.parseInt(digits);
            if (length > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpNetwork(address.get(), length));
    }

    public boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (address[fullBytes] & mask) == (prefix[fullBytes] & mask);
    }

    /** A literal IPv4 (4 bytes) or IPv6 (16 bytes) address; a zone ({@code %eth0}) is ignored. */
    public static Optional<byte[]> parseAddress(String text) {
        if (text.length() > 64) {
            return Optional.empty();
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    private static Optional<byte[]> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            Integer octet = decimalOctet(parts[i]);
            if (octet == null) {
                return Optional.empty();
            }
            bytes[i] = (byte) (int) octet;
        }
        return Optional.of(bytes);
    }

    private static Integer decimalOctet(String part) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int value = Integer.parseInt(part);
        return value <= 255 ? value : null;
    }

    private static Optional<byte[]> parseIpv6(String text) {
        int zone = text.indexOf('%');
        String address = zone >= 0 ? text.substring(0, zone) : text;
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        String head = gap >= 0 ? address.substring(0, gap) : address;
        String tail = gap >= 0 ? address.substring(gap + 2) : "";
        byte[] headBytes = groups(head, gap < 0);
        byte[] tailBytes = groups(tail, true);
        if (headBytes == null || tailBytes == null) {
            return Optional.empty();
        }
        int written = headBytes.length + tailBytes.length;
        if (gap < 0 ? written != 16 : written > 14) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(tailBytes, 0, bytes, 16 - tailBytes.length, tailBytes.length);
        return Optional.of(bytes);
    }

    /** Colon-separated hex groups; the last may be a dotted IPv4 address when {@code mayEndInIpv4}. Null when malformed. */
    private static byte[] groups(String text, boolean mayEndInIpv4) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        String[] groups = text.split(":", -1);
        byte[] bytes = new byte[groups.length * 2 + 2];
        int length = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (i == groups.length - 1 && mayEndInIpv4 && group.indexOf('.') >= 0) {
                Optional<byte[]> ipv4 = parseIpv4(group);
                if (ipv4.isEmpty()) {
                    return null;
                }
                System.arraycopy(ipv4.get(), 0, bytes, length, 4);
                length += 4;
            } else {
                if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return null;
                }
                int value = Integer.parseInt(group, 16);
                bytes[length++] = (byte) (value >> 8);
                bytes[length++] = (byte) value;
            }
        }
        byte[] result = new byte[length];
        System.arraycopy(bytes, 0, result, 0, length);
        return result;
    }
}
