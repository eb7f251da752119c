package io.flowsight.benchmarks;

import io.flowsight.schemas.VpcFlowLog;

import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The generated VPC flows of the topology benchmark, spread evenly over one event-time hour, with a fixed seed.
 *
 * <ul>
 *   <li><b>U</b> (adversarial): sources cycle through {@code distinct} addresses (every one appears, none repeats
 *   soon), with one flow in 50 from 20 heavy hitters; 5% rejected; 4,096 destinations; a handful of ports.</li>
 *   <li><b>M</b> (mixed, realistic): 70% of flows among 20,000 internal addresses picked by Zipf(1.0) popularity
 *   (hosts, busy clients and servers), to destinations picked by Zipf(1.0) over 5,000; 30% from a uniform tail of
 *   1,000,000 internet addresses, each visit a burst of 1-3 flows to random ports, 90% of them rejected
 *   (scanners).</li>
 * </ul>
 */
final class FlowWorkload {
    static final long SPAN_MS = 3_600_000;
    private static final int[] PORTS = {443, 443, 443, 80, 53, 22, 3389, 8080};
    private static final int HOT_SOURCES = 20_000;
    private static final int DESTINATIONS = 5_000;
    private static final int TAIL_SOURCES = 1_000_000;

    private final String name;
    private final int records;
    private final int distinct;
    private final Instant start;
    private final SplittableRandom random = new SplittableRandom(20261206L);
    private final Zipf hotSources = new Zipf(HOT_SOURCES);
    private final Zipf destinations = new Zipf(DESTINATIONS);
    private String burstSource;
    private int burstLeft;

    private FlowWorkload(String name, int records, int distinct, Instant start) {
        this.name = name;
        this.records = records;
        this.distinct = distinct;
        this.start = start;
    }

    /** {@code U}, {@code M}, or a number: the uniform workload with that many distinct sources. */
    static FlowWorkload parse(String spec, int records, Instant start) {
        if (spec.equalsIgnoreCase("M")) {
            return new FlowWorkload("M", records, HOT_SOURCES + TAIL_SOURCES, start);
        }
        int distinct = spec.equalsIgnoreCase("U") ? 1_000_000 : Integer.parseInt(spec);
        return new FlowWorkload("U", records, distinct, start);
    }

    String describe() {
        return name.equals("M") ? "M (Zipf 20,000 + uniform tail 1,000,000)" : "U (" + String.format("%,d", distinct)
                + " uniform sources)";
    }

    /** Flow {@code i} of the workload; call in order 0, 1, 2, ... */
    VpcFlowLog flow(int i) {
        long time = start.toEpochMilli() + i * SPAN_MS / records;
        return name.equals("M") ? mixed(i, time) : uniform(i, time);
    }

    private VpcFlowLog uniform(int i, long time) {
        long source = i % 50 == 0 ? i % 20 : (i * 7919L) % distinct;
        String src = "10." + (source >> 16 & 255) + "." + (source >> 8 & 255) + "." + (source & 255);
        return build(src, "172.16." + (i % 16) + "." + (i / 16 % 256), PORTS[i % PORTS.length], source % 64, i,
                i % 20 == 0 ? "REJECT" : "ACCEPT", time);
    }

    private VpcFlowLog mixed(int i, long time) {
        if (burstLeft == 0 && random.nextInt(10) < 3) {
            int tail = random.nextInt(TAIL_SOURCES);
            burstSource = "100." + (64 + (tail >> 16 & 63)) + "." + (tail >> 8 & 255) + "." + (tail & 255);
            burstLeft = 1 + random.nextInt(3);
        }
        int destination = destinations.next(random);
        String dst = "10.1." + (destination >> 8) + "." + (destination & 255);
        if (burstLeft > 0) {
            burstLeft--;
            return build(burstSource, dst, 1 + random.nextInt(65_535), destination % 64, i,
                    random.nextInt(10) < 9 ? "REJECT" : "ACCEPT", time);
        }
        int source = hotSources.next(random);
        String src = "10.0." + (source >> 8) + "." + (source & 255);
        return build(src, dst, PORTS[random.nextInt(PORTS.length)], source % 64, i,
                random.nextInt(50) == 0 ? "REJECT" : "ACCEPT", time);
    }

    private static VpcFlowLog build(String src, String dst, int port, long eni, int i, String action, long time) {
        return VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010").setInterfaceId("eni-" + eni)
                .setSrcaddr(src).setDstaddr(dst).setSrcport(1024 + i % 60000).setDstport(port).setProtocol(6L)
                .setPackets(1L + i % 40).setBytes(40L + (i * 31L) % 150_000).setStart(time / 1000)
                .setEnd(time / 1000 + 60).setAction(action).setLogStatus("OK").setEventTime(Instant.ofEpochMilli(time))
                .build();
    }

    /** Ranks 0..n-1 with probability proportional to 1/(rank+1), by inverse CDF. */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n) {
            cumulative = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1.0 / (k + 1);
                cumulative[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cumulative[k] /= sum;
            }
        }

        int next(SplittableRandom random) {
            int found = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(cumulative.length - 1, found >= 0 ? found : -found - 1);
        }
    }
}
