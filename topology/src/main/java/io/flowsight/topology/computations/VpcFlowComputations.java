package io.flowsight.topology.computations;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.detect.Detector;
import io.flowsight.topology.tally.Rekeyed;
import io.flowsight.topology.tally.TallyDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What FlowSight computes from VPC flow logs. The raw topic is keyed by source address, so everything per source
 * (and per source-destination pair) is tallied where it lands; destination addresses, ports and interfaces are
 * repartitioned.
 */
public final class VpcFlowComputations {
    /** Volume spikes smaller than this many bytes per window are not reported, whatever their score. */
    static final long VOLUME_BYTES_FLOOR = 10_000_000;
    static final long VOLUME_FLOWS_FLOOR = 200;

    private VpcFlowComputations() {
    }

    public static ComputationPlan<VpcFlowLog> plan(TopologyConfig config) {
        TallyDefinition.Builder<VpcFlowLog> source = TallyDefinition.<VpcFlowLog>builder("vpc_src", "vpcflow")
                .counters("bytes", "packets", "flows", "rejected_flows", "rejected_bytes", "ssh_rdp_attempts")
                .distincts("destination_ports", "rejected_destination_hosts")
                .key(VpcFlowLog::getSrcaddr, true)
                .contribution((flow, update) -> {
                    long bytes = orZero(flow.getBytes());
                    update.add(0, bytes);
                    update.add(1, orZero(flow.getPackets()));
                    update.add(2, 1);
                    if ("REJECT".equals(flow.getAction())) {
                        update.add(3, 1);
                        update.add(4, bytes);
                        // A sweep meets mostly closed doors; a busy client's accepted connections to its many
                        // servers are not one.
                        update.distinct(1, flow.getDstaddr());
                    }
                    Integer port = flow.getDstport();
                    if (port != null) {
                        if (port == 22 || port == 3389) {
                            update.add(5, 1);
                        }
                        update.distinct(0, PortNames.of(port));
                    }
                });
        source.ranked("vpc_src_bytes", "bytes").ranked("vpc_src_packets", "packets").ranked("vpc_src_flows", "flows")
                .rejections("vpc_src", "rejected_flows", "rejected_bytes")
                .detector(Detector.baseline("volume_bytes", source.counter("bytes"), config.scoreThreshold(),
                        VOLUME_BYTES_FLOOR, "traffic_spike", "medium"))
                .detector(Detector.baseline("volume_flows", source.counter("flows"), config.scoreThreshold(),
                        VOLUME_FLOWS_FLOOR, null, "low"))
                .detector(Detector.threshold("port_scan", source.distinct("destination_ports"), config.portScanPorts(),
                        "port_scan", "medium"))
                .detector(Detector.threshold("host_scan", source.distinct("rejected_destination_hosts"), config.portScanHosts(),
                        "host_scan", "medium"))
                .detector(Detector.threshold("brute_force", source.counter("ssh_rdp_attempts"),
                        config.bruteForceAttempts(), "brute_force", "high"));

        TallyDefinition<VpcFlowLog> pair = TallyDefinition.<VpcFlowLog>builder("vpc_pair", "vpcflow")
                .counters("bytes")
                .key(flow -> flow.getSrcaddr() == null || flow.getDstaddr() == null ? null
                        : flow.getSrcaddr() + "->" + flow.getDstaddr(), false)
                .contribution((flow, update) -> update.add(0, orZero(flow.getBytes())))
                .ranked("vpc_pair_bytes", "bytes")
                .build();

        List<Rekeyed<VpcFlowLog>> rekeyed = new ArrayList<>();
        rekeyed.add(new Rekeyed<>("vpc_dst", VpcFlowLog::getDstaddr, flow -> new long[]{orZero(flow.getBytes())},
                Rekeyed.over("vpc_dst", "vpcflow", true, "bytes").ranked("vpc_dst_bytes", "bytes").build()));
        rekeyed.add(new Rekeyed<>("vpc_dstport",
                flow -> flow.getDstport() == null ? null : PortNames.of(flow.getDstport()),
                VpcFlowComputations::rejected,
                Rekeyed.over("vpc_dstport", "vpcflow", false, "flows", "bytes")
                        .rejections("vpc_dstport", "flows", "bytes").build()));
        rekeyed.add(new Rekeyed<>("vpc_interface", VpcFlowLog::getInterfaceId, VpcFlowComputations::rejected,
                Rekeyed.over("vpc_interface", "vpcflow", false, "flows", "bytes")
                        .rejections("vpc_interface", "flows", "bytes").build()));
        return new ComputationPlan<>("vpc", Topic.RAW_VPCFLOW, "vpcflow", VpcFlowLog.class,
                List.of(source.build(), pair), rekeyed, flow -> addresses(flow.getSrcaddr(), flow.getDstaddr()),
                Optional.empty());
    }

    private static long[] rejected(VpcFlowLog flow) {
        return "REJECT".equals(flow.getAction()) ? new long[]{1, orZero(flow.getBytes())} : null;
    }

    static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    static List<String> addresses(String... candidates) {
        List<String> addresses = new ArrayList<>(candidates.length);
        for (String candidate : candidates) {
            if (candidate != null) {
                addresses.add(candidate);
            }
        }
        return addresses;
    }
}
