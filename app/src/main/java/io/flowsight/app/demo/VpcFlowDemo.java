package io.flowsight.app.demo;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.SplittableRandom;

/** One minute of VPC Flow Logs (default format, request direction) for the demo fleet and its scenarios. */
final class VpcFlowDemo {
    static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
            + "bytes start end action log-status";
    private static final String TCP = "6";
    private static final String UDP = "17";

    private final DemoFleet fleet;
    private final int flowsPerMinute;
    private final StringBuilder line = new StringBuilder(160);
    private long written;

    VpcFlowDemo(DemoFleet fleet, int flowsPerMinute) {
        this.fleet = fleet;
        this.flowsPerMinute = flowsPerMinute;
    }

    long written() {
        return written;
    }

    void writeMinute(Writer out, Instant minute, int index, int minutes, SplittableRandom random) throws IOException {
        for (int i = 0; i < flowsPerMinute; i++) {
            boolean inbound = random.nextInt(4) == 0;
            String instance = fleet.instance(random);
            String outside = fleet.outsideAddress(random);
            String port = DemoFleet.SERVICE_PORTS.get(random.nextInt(DemoFleet.SERVICE_PORTS.size()));
            boolean rejected = inbound && random.nextInt(10) == 0;
            int packets = 1 + random.nextInt(40);
            flow(out, minute, random, inbound ? outside : instance, inbound ? instance : outside,
                    port, port.equals("53") || port.equals("123") ? UDP : TCP, packets,
                    packets * (60L + random.nextInt(1400)), rejected);
        }
        String backup = Scenario.BACKUP_SERVER.address();
        for (int i = 0; i < 20; i++) {
            flow(out, minute, random, backup, "10.0.3.6", "873", TCP, 7000, 10_000_000L + random.nextInt(500_000), false);
        }
        String exfiltrator = Scenario.EXFILTRATION.address();
        boolean exfiltrating = index == exfiltrationMinute(minutes);
        for (int i = 0; i < 10; i++) {
            flow(out, minute, random, exfiltrator, fleet.outsideAddress(random), "443", TCP, 8, 4_000 + random.nextInt(400),
                    false);
        }
        if (exfiltrating) {
            for (int i = 0; i < 40; i++) {
                flow(out, minute, random, exfiltrator, "192.0.2.200", "443", TCP, 70_000, 100_000_000L, false);
            }
        }
        if (index == 2) {
            String scanner = Scenario.PORT_SCAN.address();
            for (int port = 1; port <= 300; port++) {
                flow(out, minute, random, scanner, "10.0.1.10", String.valueOf(port), TCP, 1, 44, true);
            }
        }
        if (index >= 3 && index <= 5) {
            for (int i = 0; i < 60; i++) {
                flow(out, minute, random, Scenario.SSH_BRUTE_FORCE.address(), "10.0.1.20", "22", TCP, 12, 2_300, false);
            }
        }
    }

    /** The minute the exfiltration happens: late enough for ten minutes of history, as the baseline needs. */
    static int exfiltrationMinute(int minutes) {
        return minutes - 2;
    }

    /** A line that cannot be a flow record: the demo's deliberately malformed input, dead-lettered by ingest. */
    static String malformedLine() {
        return "2 " + DemoFleet.ACCOUNT + " eni-0deadbeef 10.0.1.11 this-line-was-cut-off";
    }

    private void flow(Writer out, Instant minute, SplittableRandom random, String source, String destination,
                      String destinationPort, String protocol, long packets, long bytes, boolean rejected)
            throws IOException {
        long start = minute.getEpochSecond() + random.nextInt(60);
        line.setLength(0);
        line.append("2 ").append(DemoFleet.ACCOUNT).append(' ')
                .append(fleet.interfaceOf(source.startsWith("10.") ? source : destination)).append(' ')
                .append(source).append(' ').append(destination).append(' ')
                .append(32768 + random.nextInt(28000)).append(' ').append(destinationPort).append(' ')
                .append(protocol).append(' ').append(packets).append(' ').append(bytes).append(' ')
                .append(start).append(' ').append(start + 1 + random.nextInt(59)).append(' ')
                .append(rejected ? "REJECT" : "ACCEPT").append(" OK\n");
        out.append(line);
        written++;
    }
}
