package io.flowsight.ingest.alb;

/**
 * An {@code address:port} field of an ELB log, IPv4 ({@code 10.0.0.1:80}), bracketed IPv6
 * ({@code [2001:db8::1]:443}) or bare IPv6 with the port after the last colon; {@code -} has neither.
 */
record HostAndPort(String host, Integer port) {
    static final HostAndPort NONE = new HostAndPort(null, null);

    static HostAndPort parse(String text) throws NumberFormatException {
        if (text == null || text.equals("-") || text.isEmpty()) {
            return NONE;
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new HostAndPort(text, null);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = text.substring(colon + 1);
        return new HostAndPort(host, port.isEmpty() || port.equals("-") ? null : Integer.valueOf(port));
    }
}
