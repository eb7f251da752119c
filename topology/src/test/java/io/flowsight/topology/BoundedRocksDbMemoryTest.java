package io.flowsight.topology;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every store of the JVM draws on one memory budget, and a budget of 0 leaves Kafka Streams' per-store memory. */
class BoundedRocksDbMemoryTest {
    private final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();

    @BeforeAll
    static void loadRocksDb() {
        RocksDB.loadLibrary();
    }

    @Test
    void storesOfOneBudgetShareItsCacheAndMemtableLimit() {
        try (Options tallies = options(); Options baselines = options(); Options other = options()) {
            setter.setConfig("tally-vpc_src-1m", tallies, budget(64L << 20));
            setter.setConfig("baseline-vpc_src", baselines, budget(64L << 20));
            setter.setConfig("clock-vpc", other, budget(32L << 20));

            assertThat(tallies.writeBufferManager()).isNotNull().isSameAs(baselines.writeBufferManager());
            assertThat(other.writeBufferManager()).isNotNull().isNotSameAs(tallies.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) tallies.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).as("index and filters inside the budget").isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        }
    }

    @Test
    void aBudgetOfZeroLeavesEachStoreItsOwnMemory() {
        try (Options options = options()) {
            setter.setConfig("tally-vpc_src-1m", options, budget(0));

            assertThat(options.writeBufferManager()).isNull();
            assertThat(((BlockBasedTableConfig) options.tableFormatConfig()).cacheIndexAndFilterBlocks()).isFalse();
        }
    }

    /** Options as Kafka Streams hands them to a config setter: with a block-based table config of its own. */
    private static Options options() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }

    private static Map<String, Object> budget(long bytes) {
        return Map.of("application.id", "test", TopologyConfig.ROCKSDB_MEMORY_CONFIG, bytes);
    }
}
