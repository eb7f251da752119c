package io.flowsight.topology;

import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Rejected VPC traffic per window (DESIGN.md section 3, topic {@code agg.rejected}): flows with
 * {@code action=REJECT} counted by source address, destination port and interface. Each window's count is
 * emitted once, final, when stream time passes the window's end plus the grace for late flow logs.
 */
public final class RejectedTrafficTopology {
    /** A way of counting rejected flows: the dimension's name and how a flow gives its key. */
    private record Dimension(String name, Function<VpcFlowLog, String> key) {
    }

    private static final Dimension[] DIMENSIONS = {
            new Dimension("vpc_src", VpcFlowLog::getSrcaddr),
            new Dimension("vpc_dstport", flow -> flow.getDstport() == null ? null : String.valueOf(flow.getDstport())),
            new Dimension("vpc_interface", VpcFlowLog::getInterfaceId)};

    private RejectedTrafficTopology() {
    }

    /**
     * Adds the rejected-traffic computations to {@code builder}.
     *
     * @param window window size (default one minute)
     * @param grace  how late a flow may be and still count (flow logs: at least 15 minutes)
     */
    public static void build(StreamsBuilder builder, String topicPrefix, Serde<VpcFlowLog> flows,
                             Serde<RejectedCount> counts, Duration window, Duration grace) {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(window, grace);
        KStream<String, VpcFlowLog> rejected = builder.stream(Topic.RAW_VPCFLOW.topicName(topicPrefix),
                        Consumed.with(Serdes.String(), flows).withTimestampExtractor(new EventTimeExtractor()))
                .filter((key, flow) -> flow != null && "REJECT".equals(flow.getAction()));
        for (Dimension dimension : DIMENSIONS) {
            rejected.filter((key, flow) -> dimension.key().apply(flow) != null)
                    .map((key, flow) -> KeyValue.pair(dimension.key().apply(flow), flow))
                    .groupByKey(Grouped.with("rejected-" + dimension.name(), Serdes.String(), flows))
                    .windowedBy(windows)
                    .aggregate(() -> RejectedCount.newBuilder().setWindowStart(Instant.EPOCH)
                                    .setWindowEnd(Instant.EPOCH).setLogType("vpcflow").setDimension(dimension.name())
                                    .setKey("").setCount(0L).setBytes(0L).build(),
                            (key, flow, total) -> {
                                total.setKey(key);
                                total.setCount(total.getCount() + 1);
                                total.setBytes(total.getBytes() + (flow.getBytes() == null ? 0 : flow.getBytes()));
                                return total;
                            },
                            Materialized.<String, RejectedCount, WindowStore<Bytes, byte[]>>as(
                                            "rejected-" + dimension.name())
                                    .withKeySerde(Serdes.String()).withValueSerde(counts))
                    .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                    .toStream()
                    .map((windowed, total) -> KeyValue.pair(outputKey(windowed, dimension.name()),
                            finalCount(windowed, total)))
                    .to(Topic.REJECTED.topicName(topicPrefix), Produced.with(Serdes.String(), counts));
        }
    }

    private static String outputKey(Windowed<String> windowed, String dimension) {
        return Instant.ofEpochMilli(windowed.window().start()) + "|" + dimension + "|" + windowed.key();
    }

    private static RejectedCount finalCount(Windowed<String> windowed, RejectedCount total) {
        return RejectedCount.newBuilder(total)
                .setWindowStart(Instant.ofEpochMilli(windowed.window().start()))
                .setWindowEnd(Instant.ofEpochMilli(windowed.window().end()))
                .build();
    }
}
