package io.flowsight.benchmarks;

import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.schemas.LakeTable;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writing VPC flow records into the Hive-partitioned ZSTD Parquet lake: FlowSight's writer (one file per hour
 * per writer thread, as the sink writes one per Kafka partition) side by side with DuckDB's
 * {@code COPY … (FORMAT PARQUET, PARTITION_BY (dt, hour), COMPRESSION ZSTD)} producing the same rows. Both
 * generate row i from the same formulas. Runs alternate; medians and the ratio are printed, with output bytes
 * per row and FlowSight's peak heap.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.LakeWriteVersusDuckDb [rows] [rounds] [threads]}
 */
public final class LakeWriteVersusDuckDb {
    /** 2026-11-22T00:00:00Z: rows spread over that day's 24 hours. */
    static final long BASE = 1795305600L;

    private LakeWriteVersusDuckDb() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("flowsight-lake-bench");
        List<Double> ours = new ArrayList<>();
        List<Double> duck = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path lake = work.resolve("flowsight-" + round);
            resetPeakHeap();
            long start = System.nanoTime();
            writeWithFlowSight(lake, rows, threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = sizeOf(lake);
            ours.add(rows / seconds);
            requireRows(lake.resolve("vpc_flow_logs"), rows);
            System.out.printf("round %d: FlowSight %.0f rows/s, %.1f MB/s, %.1f bytes/row, peak heap %d MB (%d threads)%n",
                    round, rows / seconds, bytes / seconds / 1e6, (double) bytes / rows, peakHeap() >> 20, threads);
            delete(lake);

            Path duckLake = work.resolve("duckdb-" + round);
            start = System.nanoTime();
            writeWithDuckDb(duckLake, rows, threads);
            seconds = (System.nanoTime() - start) / 1e9;
            bytes = sizeOf(duckLake);
            duck.add(rows / seconds);
            requireRows(duckLake, rows);
            System.out.printf("round %d: DuckDB    %.0f rows/s, %.1f MB/s, %.1f bytes/row (%d threads)%n",
                    round, rows / seconds, bytes / seconds / 1e6, (double) bytes / rows, threads);
            delete(duckLake);
        }
        double oursMedian = Median.of(ours);
        double duckMedian = Median.of(duck);
        System.out.printf("median: FlowSight %.0f rows/s, DuckDB %.0f rows/s, ratio %.2f%n", oursMedian, duckMedian,
                oursMedian / duckMedian);
    }

    /** Row i, the same one the DuckDB query below makes. */
    static VpcFlowLog row(long i) {
        long start = BASE + (i % 86_400);
        return VpcFlowLog.newBuilder()
                .setVersion(2).setAccountId("123456789010").setInterfaceId("eni-" + (i % 64))
                .setSrcaddr("10." + (i * 7 % 256) + "." + (i * 13 % 256) + "." + (i % 256))
                .setDstaddr("172.31." + (i * 3 % 256) + "." + (i * 11 % 256))
                .setSrcport((int) (i * 31 % 64_511) + 1024)
                .setDstport(switch ((int) (i % 4)) {
                    case 0 -> 443;
                    case 1 -> 22;
                    case 2 -> 80;
                    default -> 3389;
                })
                .setProtocol(6L).setPackets(i % 500 + 1).setBytes(i * 97 % 1_000_000 + 40)
                .setStart(start).setEnd(start + 60).setAction(i % 10 == 0 ? "REJECT" : "ACCEPT").setLogStatus("OK")
                .setEventTime(Instant.ofEpochSecond(start))
                .build();
    }

    /** Each thread writes the rows i ≡ t (mod threads), like one sink partition, one open file per hour. */
    static void writeWithFlowSight(Path lake, long rows, int threads) throws Exception {
        LakeLayout layout = new LakeLayout(lake);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Map<Path, ParquetPartFile> open = new HashMap<>();
                Instant now = Instant.now();
                for (long i = thread; i < rows; i += threads) {
                    VpcFlowLog flow = row(i);
                    Path directory = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, flow.getEventTime());
                    ParquetPartFile file = open.get(directory);
                    if (file == null) {
                        Path target = directory.resolve(LakeLayout.fileName("flowsight.raw.vpcflow", thread, i, "zstd"));
                        file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target),
                                VpcFlowLog.getClassSchema(), ParquetSettings.DEFAULT, now);
                        open.put(directory, file);
                    }
                    file.write(flow, now);
                }
                for (ParquetPartFile file : open.values()) {
                    file.commit();
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }

    static void writeWithDuckDb(Path lake, long rows, int threads) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
            sql.execute("SET threads = " + threads);
            sql.execute("SET preserve_insertion_order = false");
            sql.execute("COPY (SELECT 2 AS version, '123456789010' AS account_id, 'eni-' || (i % 64) AS interface_id, "
                    + "'10.' || (i * 7 % 256) || '.' || (i * 13 % 256) || '.' || (i % 256) AS srcaddr, "
                    + "'172.31.' || (i * 3 % 256) || '.' || (i * 11 % 256) AS dstaddr, "
                    + "CAST(i * 31 % 64511 + 1024 AS INTEGER) AS srcport, "
                    + "CAST(CASE i % 4 WHEN 0 THEN 443 WHEN 1 THEN 22 WHEN 2 THEN 80 ELSE 3389 END AS INTEGER) AS dstport, "
                    + "6::BIGINT AS protocol, i % 500 + 1 AS packets, i * 97 % 1000000 + 40 AS bytes, "
                    + BASE + " + i % 86400 AS start, " + BASE + " + i % 86400 + 60 AS \"end\", "
                    + "CASE WHEN i % 10 = 0 THEN 'REJECT' ELSE 'ACCEPT' END AS action, 'OK' AS log_status, "
                    + "to_timestamp(" + BASE + " + i % 86400) AS event_time, "
                    + "strftime(to_timestamp(" + BASE + " + i % 86400) AT TIME ZONE 'UTC', '%Y-%m-%d') AS dt, "
                    + "strftime(to_timestamp(" + BASE + " + i % 86400) AT TIME ZONE 'UTC', '%H') AS hour "
                    + "FROM range(" + rows + ") t(i)) TO '" + lake + "' "
                    + "(FORMAT PARQUET, PARTITION_BY (dt, hour), COMPRESSION ZSTD)");
        }
    }

    /** Both sides must have written every row (checked after timing). */
    private static void requireRows(Path lake, long rows) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             var result = sql.executeQuery("SELECT count(*), count(DISTINCT (srcaddr, srcport, start)) FROM read_parquet('"
                     + lake + "/**/*.parquet', hive_partitioning = true)")) {
            result.next();
            if (result.getLong(1) != rows) {
                throw new IllegalStateException(lake + " holds " + result.getLong(1) + " rows, not " + rows);
            }
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap used at once. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

}
