package io.flowsight.queries.sql;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeQueryServiceTest {
    /** The query of issue 16: ten billion rows, minutes of work. */
    static final String HEAVY = "SELECT sum(hash(a.range + b.range)) FROM range(200000000) a, range(50) b";

    @TempDir
    Path lake;
    @TempDir
    Path outside;
    LakeQueryService service;

    @BeforeEach
    void writeASmallLake() throws Exception {
        LakeLayout layout = new LakeLayout(lake);
        // 08:00–08:59 and 09:00–09:59 UTC on 2026-11-22, 30 flows each; 10.0.0.1 talks most.
        for (int hour = 8; hour <= 9; hour++) {
            Instant time = Instant.parse("2026-11-22T0" + hour + ":15:00Z");
            Path target = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, time)
                    .resolve(LakeLayout.fileName("flowsight.raw.vpcflow", 0, hour * 100L, "zstd"));
            ParquetPartFile file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target),
                    VpcFlowLog.getClassSchema(), ParquetSettings.DEFAULT, time);
            for (int i = 0; i < 30; i++) {
                file.write(VpcFlowLog.newBuilder().setVersion(2).setSrcaddr("10.0.0." + (i % 3 + 1))
                        .setDstaddr("172.31.0.9").setSrcport(1000 + i).setDstport(22).setBytes(i % 3 == 0 ? 5000L : 100L)
                        .setStart(time.getEpochSecond()).setAction(i % 5 == 0 ? "REJECT" : "ACCEPT")
                        .setEventTime(time).build(), time);
            }
            file.commit();
        }
        service = LakeQueryService.open(lake);
    }

    @AfterEach
    void close() throws Exception {
        service.close();
    }

    @Test
    void tablesAreViewsWithStringPartitions() throws Exception {
        assertThat(service.tables()).containsExactly("vpc_flow_logs");
        QueryResult top = service.query("SELECT srcaddr, sum(bytes) AS bytes FROM vpc_flow_logs "
                + "WHERE dt = '2026-11-22' AND hour = '08' GROUP BY srcaddr ORDER BY bytes DESC, srcaddr LIMIT 2");
        assertThat(top.columns()).containsExactly("srcaddr", "bytes");
        assertThat(top.rows()).containsExactly(List.of("10.0.0.1", java.math.BigInteger.valueOf(50_000)),
                List.of("10.0.0.2", java.math.BigInteger.valueOf(1_000)));
        assertThat(service.query("SELECT typeof(hour), count(*) FROM vpc_flow_logs GROUP BY ALL").rows())
                .containsExactly(List.of("VARCHAR", 60L));
    }

    @Test
    void partitionFiltersPruneFiles() throws Exception {
        String plan = String.valueOf(service.query("EXPLAIN ANALYZE SELECT count(*) FROM vpc_flow_logs WHERE hour = '09'")
                .rows());
        assertThat(plan).contains("Scanning Files: 1/2");
        // The dashboard's IP page narrows its lake sections so: a range of days beside a condition on the rows.
        String range = String.valueOf(service.query("EXPLAIN ANALYZE SELECT count(*) FROM vpc_flow_logs WHERE "
                + "(srcaddr = '10.0.0.1' OR dstaddr = '10.0.0.1') AND hour >= '09'").rows());
        assertThat(range).contains("Scanning Files: 1/2");
    }

    @Test
    void onlyOneSelectRuns() {
        for (String sql : List.of("CREATE TABLE t AS SELECT 1", "COPY (SELECT 1) TO '" + outside.resolve("x.csv") + "'",
                "SELECT 1; DROP VIEW vpc_flow_logs", "INSTALL httpfs", "LOAD httpfs", "PRAGMA version",
                "SET enable_external_access = true", "ATTACH '" + outside.resolve("x.db") + "'")) {
            assertThatThrownBy(() -> service.query(sql)).as(sql).isInstanceOf(LakeQueryException.class)
                    .hasMessage("Only one SELECT statement (or EXPLAIN of one) is allowed: the lake is read-only.");
        }
        assertThat(outside.resolve("x.csv")).doesNotExist();
    }

    @Test
    void filesOutsideTheLakeCannotBeRead() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> service.query("SELECT * FROM read_csv('" + secret + "')"))
                .isInstanceOf(LakeQueryException.class).hasMessageContaining("Permission Error");
        assertThatThrownBy(() -> service.query("SELECT * FROM read_text('/etc/passwd')"))
                .isInstanceOf(LakeQueryException.class).hasMessageContaining("Permission Error");
        assertThatThrownBy(() -> service.query("SELECT * FROM read_parquet('" + lake + "/../" + outside.getFileName()
                + "/*.parquet')")).isInstanceOf(LakeQueryException.class);
    }

    @Test
    void aQueryOverTheTimeLimitIsStoppedWithOneSentenceNamingTheLimitAndItsKey() throws Exception {
        try (LakeQueryService limited = LakeQueryService.open(lake, new QueryConfig(Map.of(
                QueryConfig.TIMEOUT_CONFIG, "1s", QueryConfig.THREADS_CONFIG, "1")))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> limited.query(HEAVY)).isInstanceOf(QueryTimeoutException.class)
                    .hasMessage("The query ran longer than the time limit of 1s and was stopped: narrow it (a dt/hour "
                            + "filter, a LIMIT) or raise flowsight.query.timeout (--query-timeout).");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(limited.query("SELECT count(*) FROM vpc_flow_logs").rows())
                    .as("the service answers the next query").containsExactly(List.of(60L));
        }
    }

    @Test
    void cancelStopsTheRunningQuery() throws Exception {
        try (LakeQueryService cancelled = LakeQueryService.open(lake)) {
            CompletableFuture<QueryResult> heavy = CompletableFuture.supplyAsync(() -> {
                try {
                    return cancelled.query(HEAVY);
                } catch (LakeQueryException e) {
                    throw new CompletionException(e);
                }
            });
            Thread.sleep(300);
            cancelled.cancel();
            assertThatThrownBy(() -> heavy.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(QueryTimeoutException.class)
                    .hasRootCauseMessage("INTERRUPT Error: Interrupted!")
                    .cause().hasMessage("The query was cancelled before it finished.");
        }
    }

    @Test
    void duckDbKeepsToTheConfiguredThreadsAndMemory() throws Exception {
        try (LakeQueryService limited = LakeQueryService.open(lake, new QueryConfig(Map.of(
                QueryConfig.THREADS_CONFIG, "1", QueryConfig.MEMORY_LIMIT_CONFIG, "256MB")))) {
            assertThat(limited.query("SELECT current_setting('threads'), current_setting('memory_limit')").rows())
                    .containsExactly(List.of(1L, "244.1 MiB"));
            assertThatThrownBy(() -> limited.query("SELECT set_config('threads', 8)")).isInstanceOf(LakeQueryException.class);
        }
    }

    @Test
    void aCallerWithARowLimitGetsOneRowMoreThanItAccepts() throws Exception {
        assertThat(service.query("SELECT * FROM vpc_flow_logs", 10).rows()).hasSize(11);
        assertThat(service.query("SELECT * FROM vpc_flow_logs LIMIT 3", 10).rows()).hasSize(3);
    }

    @Test
    void nestedAndBinaryValuesArePlainJava() throws Exception {
        QueryResult result = service.query("SELECT [1, 2] AS list, {'rank': 1, 'key': '10.0.5.5'} AS struct, "
                + "MAP {'a': [true]} AS map, 'x'::BLOB AS blob");
        assertThat(result.rows()).containsExactly(List.of(List.of(1, 2), Map.of("rank", 1, "key", "10.0.5.5"),
                Map.of("a", List.of(true)), new BinaryValue(new byte[]{'x'})));
        assertThat(String.valueOf(((Map<?, ?>) result.rows().get(0).get(1)).keySet())).as("struct fields in order")
                .isEqualTo("[rank, key]");
    }

    /** What a started sink leaves for a table with no rows yet: its directory, empty (the Trino DDL needs it). */
    @Test
    void anEmptyTableDirectoryIsATableWithoutDataNotAnError() throws Exception {
        Files.createDirectories(lake.resolve("alb_connection_logs"));
        Files.createDirectories(lake.resolve("alerts/dt=2026-11-22/hour=09"));
        try (LakeQueryService withEmptyTables = LakeQueryService.open(lake)) {
            assertThat(withEmptyTables.tables()).containsExactly("vpc_flow_logs");
            assertThat(withEmptyTables.query("SELECT count(*) FROM vpc_flow_logs").rows())
                    .containsExactly(List.of(60L));
            assertThatThrownBy(() -> withEmptyTables.query("SELECT * FROM alb_connection_logs"))
                    .hasMessageContaining("alb_connection_logs").hasMessageEndingWith("The lake has: vpc_flow_logs.");
        }
    }

    @Test
    void aLakeOfEmptyTableDirectoriesOpensWithNoTables() throws Exception {
        for (LakeTable table : LakeTable.values()) {
            Files.createDirectories(outside.resolve(table.tableName()));
        }
        try (LakeQueryService empty = LakeQueryService.open(outside)) {
            assertThat(empty.tables()).isEmpty();
            assertThat(empty.athenaViews()).isEmpty();
            assertThat(empty.query("SELECT 42 AS answer").rows()).containsExactly(List.of(42));
            assertThatThrownBy(() -> empty.query("SELECT * FROM alb_connection_logs"))
                    .hasMessageEndingWith("The lake has: no tables with data yet.");
        }
    }

    @Test
    void errorsAreOneSentenceThatHelps() throws Exception {
        assertThatThrownBy(() -> service.query("SELECT * FROM alerts"))
                .hasMessageContaining("alerts").hasMessageContaining("The lake has: vpc_flow_logs.");
        assertThatThrownBy(() -> service.query("SELEC 1")).hasMessageContaining("Only one SELECT statement");
        assertThatThrownBy(() -> LakeQueryService.open(outside.resolve("missing")))
                .hasMessageEndingWith("give --lake the directory the sink writes to.");
    }
}
