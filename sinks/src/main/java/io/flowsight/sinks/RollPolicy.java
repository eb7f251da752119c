package io.flowsight.sinks;

import java.time.Duration;

/**
 * When the open files of a Kafka partition are committed to the lake together.
 *
 * @param maxBytes   a file reaching this size rolls (Athena reads files of 128 MB and more most efficiently)
 * @param maxRecords this many records since the last roll roll
 * @param maxOpen    a file open this long rolls even when quiet: the lake's freshness
 */
public record RollPolicy(long maxBytes, long maxRecords, Duration maxOpen) {
    public static final RollPolicy DEFAULT = new RollPolicy(128L << 20, 10_000_000, Duration.ofMinutes(10));
}
