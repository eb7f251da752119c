package io.flowsight.ingest.parse;

import com.google.common.net.InetAddresses;

/**
 * Fields that hold an IP address and nothing else (flow-log {@code srcaddr}, ALB {@code client:port}): a value that
 * is not an IPv4 or IPv6 literal is a bad line, never a key. Checked as text only, so no value ever causes a DNS
 * lookup.
 */
public final class IpAddressField {
    private IpAddressField() {
    }

    /**
     * @return {@code value} when it is an IPv4 or IPv6 address
     * @throws ParseException ({@link RejectReason#BAD_VALUE}) naming the field and the value otherwise
     */
    public static String check(String field, String value) throws ParseException {
        boolean valid = value.indexOf(':') < 0 ? isDottedQuad(value) : InetAddresses.isInetAddress(value);
        if (!valid) {
            throw new ParseException(RejectReason.BAD_VALUE, "Field " + field + " must be an IPv4 or IPv6 address, "
                    + "not '" + value + "'.");
        }
        return value;
    }

    /**
     * IPv4 as {@link InetAddresses} reads it (four decimal octets up to 255, no leading zeros), checked without
     * allocating: two of these per flow line, where Guava's parse cost a tenth of ingest's parsing thread.
     */
    static boolean isDottedQuad(String text) {
        int octets = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            int start = i;
            int octet = 0;
            while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == length) {
                break;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
            if (i == length) {
                return false;
            }
        }
        return octets == 4;
    }
}
