package io.flowsight.topology.computations;

/**
 * The text of a port number, one shared instance per port. Every flow adds its destination port to its source's
 * distinct-port sets (minute and hour) and keys the port's tallies by it: one string made per flow would be garbage at
 * once, and one kept per set entry would hold thousands of copies of "443" in the open windows.
 */
final class PortNames {
    private static final int PORTS = 65_536;
    /** Filled as ports are seen; a race only makes the same immutable string twice, and either copy is correct. */
    private static final String[] NAMES = new String[PORTS];

    private PortNames() {
    }

    static String of(int port) {
        if (port < 0 || port >= PORTS) {
            return Integer.toString(port);
        }
        String name = NAMES[port];
        if (name == null) {
            name = Integer.toString(port);
            NAMES[port] = name;
        }
        return name;
    }
}
