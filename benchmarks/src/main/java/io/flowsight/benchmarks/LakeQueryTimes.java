package io.flowsight.benchmarks;

import io.flowsight.queries.canned.CannedQueries;
import io.flowsight.queries.canned.TimeRange;
import io.flowsight.queries.sql.LakeQueryService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-talkers query over a lake of 10M flow records (24 hourly partitions of one day, written by FlowSight's
 * writer), with no partition filter and with a filter on one hour, and the partition pruning DuckDB reports in
 * {@code EXPLAIN ANALYZE}. Medians of several runs after one warm-up.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.LakeQueryTimes [rows] [runs]}
 */
public final class LakeQueryTimes {
    private LakeQueryTimes() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path lake = Files.createTempDirectory("flowsight-query-bench");
        LakeWriteVersusDuckDb.writeWithFlowSight(lake, rows, 2);
        String whole = CannedQueries.topTalkers(CannedQueries.TalkerMeasure.BYTES, false, 10, TimeRange.ALL);
        String oneHour = "SELECT srcaddr AS address, sum(bytes) AS bytes FROM vpc_flow_logs "
                + "WHERE dt = '2026-11-22' AND hour = '08' GROUP BY srcaddr ORDER BY bytes DESC LIMIT 10";
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            System.out.printf("%d rows; top-10 by bytes, whole lake: median %.0f ms; one hour (dt/hour filter): "
                    + "median %.0f ms%n", rows, medianMillis(service, whole, runs), medianMillis(service, oneHour, runs));
            String plan = String.valueOf(service.query("EXPLAIN ANALYZE " + oneHour).rows());
            int at = plan.indexOf("Scanning Files");
            System.out.println("EXPLAIN ANALYZE (one hour): " + (at < 0 ? "no file-scan line" : plan.substring(at,
                    plan.indexOf('\\', at) > 0 ? plan.indexOf('\\', at) : Math.min(plan.length(), at + 40))).trim());
            String wholePlan = String.valueOf(service.query("EXPLAIN ANALYZE " + whole).rows());
            int all = wholePlan.indexOf("Scanning Files");
            System.out.println("EXPLAIN ANALYZE (whole lake): " + (all < 0 ? "no file-scan line"
                    : wholePlan.substring(all, Math.min(wholePlan.length(), all + 30)).split("\\\\")[0].trim()));
        }
    }

    private static double medianMillis(LakeQueryService service, String sql, int runs) throws Exception {
        service.query(sql);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            service.query(sql);
            times.add((System.nanoTime() - start) / 1e6);
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }
}
