package io.flowsight.topology.tally;

import java.util.function.Function;

/**
 * A tally whose key is not the raw topic's key (a destination address, a port, a principal): each record is reduced
 * to its key and a few counter increments, summed per key and pane before the shuffle ({@link RekeyProcessor}),
 * repartitioned by that key, and tallied there. Moving partial sums instead of records keeps the repartition topic
 * to about one record per key and pane.
 *
 * @param key        the new key, or null to skip the record
 * @param increments the counter increments, in the order of {@code definition}'s counters, or null to skip
 * @param definition the tally on the repartitioned side (its key comes from the record key)
 */
public record Rekeyed<V>(String name, Function<V, String> key, Function<V, long[]> increments,
                         TallyDefinition<long[]> definition) {
    /** Whether this tally only ranks (no detectors, no rejected counts): then sketch mode needs no repartition. */
    public boolean onlyRanks() {
        return definition.detectors().isEmpty() && definition.rejections().isEmpty();
    }

    /**
     * The same tally computed where the records are, without a repartition: right only in sketch mode, where each
     * partition's frequent-items sketch of the window is merged with the others' and a key spread over several
     * partitions is summed by the merge.
     */
    public TallyDefinition<V> inPlace() {
        TallyDefinition.Builder<V> builder = TallyDefinition.<V>builder(definition.name(), definition.logType())
                .counters(definition.counters().toArray(String[]::new))
                .key(key, definition.keyIsAddress())
                .contribution((record, update) -> {
                    long[] values = increments.apply(record);
                    if (values != null) {
                        for (int i = 0; i < values.length; i++) {
                            update.add(i, values[i]);
                        }
                    }
                });
        definition.ranked().forEach(ranked -> builder.ranked(ranked.dimension(),
                definition.counters().get(ranked.counter())));
        return builder.build();
    }

    /**
     * A definition over the combiner's partial sums ({@link RekeyProcessor}): adds each sum to the counter at the same
     * position; the sums' earliest record time follows the counters.
     */
    public static TallyDefinition.Builder<long[]> over(String name, String logType, boolean keyIsAddress,
                                                       String... counters) {
        int width = counters.length;
        return TallyDefinition.<long[]>builder(name, logType).counters(counters).keyFromRecord(keyIsAddress)
                .contribution((sums, update) -> {
                    for (int i = 0; i < width; i++) {
                        update.add(i, sums[i]);
                    }
                    if (sums.length > width) {
                        update.seen(sums[width]);
                    }
                });
    }
}
