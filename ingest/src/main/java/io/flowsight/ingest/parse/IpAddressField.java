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
        if (!InetAddresses.isInetAddress(value)) {
            throw new ParseException(RejectReason.BAD_VALUE, "Field " + field + " must be an IPv4 or IPv6 address, "
                    + "not '" + value + "'.");
        }
        return value;
    }
}
