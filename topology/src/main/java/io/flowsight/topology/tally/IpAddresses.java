package io.flowsight.topology.tally;

import java.util.regex.Pattern;

/**
 * Whether a key is an IP address literal. CloudTrail's sourceIPAddress is sometimes a service name
 * ({@code ec2.amazonaws.com}) and ALB/flow keys are always addresses; only literals can be suspicious IPs.
 */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpAddresses() {
    }

    public static boolean isLiteral(String key) {
        return key != null && (IPV4.matcher(key).matches() || IPV6.matcher(key).matches());
    }
}
