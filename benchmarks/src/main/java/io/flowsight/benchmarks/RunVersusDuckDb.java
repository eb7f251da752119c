package io.flowsight.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end, on one machine: {@code flowsight run --until-idle} over generated demo logs (parse, Kafka with
 * exactly-once transactions, the full topology, the Parquet lake), against DuckDB computing the same per-minute top
 * talkers straight from the same gzipped flow-log files with {@code read_csv}. Each round runs both, side by side;
 * the run is a separate process (bin/flowsight, as users start it) whose peak RSS is read from /proc.
 *
 * <p>Arguments: flows per minute, minutes, rounds, the bin/flowsight path (default bin/flowsight), and further
 * arguments for {@code flowsight run} (e.g. {@code --config FILE}). JVM options reach the run through JAVA_OPTS.
 */
public final class RunVersusDuckDb {
    private static final Pattern PROCESSED = Pattern.compile("FlowSight processed ([0-9,]+) records");

    public static void main(String[] args) throws Exception {
        int flowsPerMinute = Integer.parseInt(args[0]);
        int minutes = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String flowsight = args.length > 3 ? args[3] : "bin/flowsight";
        List<String> runOptions = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        Path work = Files.createTempDirectory("flowsight-run-bench");
        Path demo = work.resolve("demo");
        exec(List.of(flowsight, "generate", "--out", demo.toString(), "--minutes", String.valueOf(minutes),
                "--flows-per-minute", String.valueOf(flowsPerMinute), "--start", "2026-11-22T00:00:00Z"), work, null);

        List<Double> runRates = new ArrayList<>();
        List<Double> duckRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path data = work.resolve("data-" + round);
            Path lake = work.resolve("lake-" + round);
            long[] peakRss = new long[1];
            long begin = System.nanoTime();
            List<String> run = new ArrayList<>(List.of(flowsight, "run", "--input", demo.resolve("AWSLogs").toString(),
                    "--until-idle", "2", "--http", "127.0.0.1:0", "--data", data.toString(), "--lake",
                    lake.toString()));
            run.addAll(runOptions);
            String output = exec(run, work, peakRss);
            double runSeconds = (System.nanoTime() - begin) / 1e9;
            Matcher processed = PROCESSED.matcher(output);
            if (!processed.find()) {
                throw new IllegalStateException("flowsight run printed no summary:\n" + output);
            }
            long records = Long.parseLong(processed.group(1).replace(",", ""));

            begin = System.nanoTime();
            long lines = duckDbTopTalkers(demo);
            double duckSeconds = (System.nanoTime() - begin) / 1e9;

            double runRate = records / runSeconds;
            double duckRate = lines / duckSeconds;
            runRates.add(runRate);
            duckRates.add(duckRate);
            ratios.add(runRate / duckRate);
            peaks.add(peakRss[0] / 1024.0 / 1024.0);
            System.out.printf("round %d: run %,d records in %.1f s = %,.0f records/s (peak RSS %,.0f MB); "
                            + "DuckDB %,d flow lines in %.2f s = %,.0f lines/s; ratio %.3f%n", round, records, runSeconds,
                    runRate, peakRss[0] / 1024.0 / 1024.0, lines, duckSeconds, duckRate, runRate / duckRate);
            deleteRecursively(data);
            deleteRecursively(lake);
        }
        System.out.printf("median: run %,.0f records/s, DuckDB %,.0f lines/s, ratio %.3f; peak RSS median %,.0f MB, "
                        + "max %,.0f MB%n", Median.of(runRates), Median.of(duckRates), Median.of(ratios),
                Median.of(peaks), peaks.stream().mapToDouble(d -> d).max().orElse(0));
        deleteRecursively(work);
    }

    /** The per-minute top-10 sources by bytes, as the topology's vpc_src_bytes; returns the flow lines read. */
    private static long duckDbTopTalkers(Path demo) throws Exception {
        String files = demo.resolve("AWSLogs").toString() + "/*/vpcflowlogs/*/*/*/*/*.log.gz";
        String flows = "read_csv('" + files + "', delim = ' ', header = true, ignore_errors = true, columns = {"
                + "'version': 'INTEGER', 'account_id': 'VARCHAR', 'interface_id': 'VARCHAR', 'srcaddr': 'VARCHAR', "
                + "'dstaddr': 'VARCHAR', 'srcport': 'INTEGER', 'dstport': 'INTEGER', 'protocol': 'INTEGER', "
                + "'packets': 'BIGINT', 'bytes': 'BIGINT', 'start': 'BIGINT', 'end': 'BIGINT', 'action': 'VARCHAR', "
                + "'log_status': 'VARCHAR'})";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            // One scan of the files: the per-minute sums also count the lines they cover.
            statement.execute("CREATE TEMP TABLE sums AS SELECT start // 60 AS minute, srcaddr, sum(bytes) AS bytes, "
                    + "count(*) AS flows FROM " + flows + " GROUP BY 1, 2");
            statement.execute("CREATE TEMP TABLE top AS SELECT * FROM sums QUALIFY row_number() "
                    + "OVER (PARTITION BY minute ORDER BY bytes DESC, srcaddr) <= 10");
            try (ResultSet count = statement.executeQuery("SELECT sum(flows) FROM sums")) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    /** Runs a command to its end, returns its stdout; records the peak resident set size when asked. */
    private static String exec(List<String> command, Path directory, long[] peakRss) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            if (peakRss != null) {
                peakRss[0] = Math.max(peakRss[0], peakRssOf(process.pid()));
            }
        }
        reader.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed with " + process.exitValue() + ":\n" + out);
        }
        return out.toString();
    }

    /** VmHWM of a process (and of the JVM the bin/flowsight script execs into), in bytes. */
    private static long peakRssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just ended
        }
        return 0;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
