package io.flowsight.topology;

import io.flowsight.schemas.ClientSettings;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Makes every RocksDB state store of the JVM share one memory budget ({@link TopologyConfig#ROCKSDB_MEMORY_CONFIG}):
 * one LRU block cache that also accounts for the memtables (through a write-buffer manager) and keeps the index and
 * filter blocks, which otherwise live outside any limit. Kafka Streams' default gives each store its own block cache
 * and memtables, so memory grows with stores times partitions: FlowSight's topology has about 35 stores per
 * partition. This is the bounded-memory set-up the Kafka Streams documentation describes.
 *
 * <p>The cache is shared by every application of the JVM that asks for the same budget, and is never closed: stores
 * open and close on rebalances, and closing it under an open store would crash it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Share of the budget memtables may fill before RocksDB flushes the largest. */
    static final double MEMTABLE_SHARE = 0.5;
    /** Share of the cache kept for index and filter blocks, which every read needs. */
    static final double INDEX_AND_FILTER_SHARE = 0.1;

    private record SharedMemory(Cache cache, WriteBufferManager writeBuffers) {
    }

    private static final Map<Long, SharedMemory> BY_BUDGET = new HashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long budget = new TopologyConfig(ClientSettings.flowSightOnly(configs)).rocksDbMemory();
        if (budget == 0) {
            return;
        }
        SharedMemory shared = shared(budget);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
    }

    private static synchronized SharedMemory shared(long budget) {
        return BY_BUDGET.computeIfAbsent(budget, bytes -> {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            return new SharedMemory(cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache));
        });
    }

    @Override
    public void close(String storeName, Options options) {
        // The shared cache and write-buffer manager outlive every store (see the class comment).
    }
}
