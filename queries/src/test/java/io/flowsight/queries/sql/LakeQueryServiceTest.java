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
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeQueryServiceTest {
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
    void errorsAreOneSentenceThatHelps() throws Exception {
        assertThatThrownBy(() -> service.query("SELECT * FROM alerts"))
                .hasMessageContaining("alerts").hasMessageContaining("The lake has: vpc_flow_logs.");
        assertThatThrownBy(() -> service.query("SELEC 1")).hasMessageContaining("Only one SELECT statement");
        assertThatThrownBy(() -> LakeQueryService.open(outside.resolve("missing")))
                .hasMessageEndingWith("give --lake the directory the sink writes to.");
    }
}
