package io.flowsight.topology.tally;

import java.util.function.Function;

/**
 * A tally whose key is not the raw topic's key (a destination address, a port, a principal): each record is reduced
 * to its key and a few counter increments, repartitioned by that key, and tallied there. Moving a key and a handful of
 * longs instead of the whole record keeps the repartition topic small.
 *
 * @param key        the new key, or null to skip the record
 * @param increments the counter increments, in the order of {@code definition}'s counters, or null to skip
 * @param definition the tally on the repartitioned side (its key comes from the record key)
 */
public record Rekeyed<V>(String name, Function<V, String> key, Function<V, long[]> increments,
                         TallyDefinition<long[]> definition) {
    /** A definition over increments: adds each increment to the counter at the same position. */
    public static TallyDefinition.Builder<long[]> over(String name, String logType, boolean keyIsAddress,
                                                       String... counters) {
        return TallyDefinition.<long[]>builder(name, logType).counters(counters).keyFromRecord(keyIsAddress)
                .contribution((increments, update) -> {
                    for (int i = 0; i < increments.length; i++) {
                        update.add(i, increments[i]);
                    }
                });
    }
}
