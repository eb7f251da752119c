package io.flowsight.app;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.RejectedCount;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill of one bucket as AWS lays it out — two accounts × two regions × flow logs, CloudTrail and ALB logs, under
 * {@code AWSLogs/<account>/<service>/<region>/YYYY/MM/DD/} — makes none of its own records late, whether read by
 * {@code run} or by {@code ingest} and {@code streams}: the inputs are read in event-time order, not in listing order
 * (which is account by account, region by region), and the rejected-traffic counts equal DuckDB's over the files.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class BackfillOrderIT {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    /** Longer than the 15-minute grace: read in listing order, every region after the first would be late. */
    private static final int MINUTES = 30;
    private static final List<String> ACCOUNTS = List.of("123456789012", "210987654321");
    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");

    @TempDir
    Path work;
    Path bucket;

    @BeforeEach
    void generateTheBucket() throws Exception {
        bucket = work.resolve("bucket");
        long seed = 1;
        for (String account : ACCOUNTS) {
            for (String region : REGIONS) {
                Path demo = work.resolve("demo-" + seed);
                Files.createDirectories(demo);
                new DemoDataGenerator(demo, START, MINUTES, seed++, 60).generate();
                relocate(demo.resolve("AWSLogs"), account, region);
            }
        }
    }

    @Test
    void runMakesNoneOfTheBackfillLate() throws Exception {
        Path lake = work.resolve("lake");
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Settings(
                List.of(bucket.resolve("AWSLogs").toString()), Optional.empty(), VpcFlowLogFormat.DEFAULT, null, false,
                lake, work.resolve("data"), 2, "127.0.0.1", 0, Optional.empty(), Map.of(), Optional.empty(), false))) {
            runtime.finishWhenIdle(Duration.ofSeconds(2));
        }
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            assertThat(service.query("SELECT count(*) FROM dead_letters WHERE reason = 'late'").rows().get(0).get(0))
                    .isEqualTo(0L);
            List<String> counted = new ArrayList<>();
            for (List<Object> row : service.query("SELECT strftime(window_start AT TIME ZONE 'UTC', "
                    + "'%Y-%m-%dT%H:%M:%SZ') || '|' || CASE WHEN window_end - window_start = INTERVAL 1 HOUR THEN 'PT1H' "
                    + "ELSE 'PT1M' END || '|' || dimension || '|' || key || ' ' || count || ' ' || bytes "
                    + "FROM rejected_traffic WHERE dimension IN ('vpc_src', 'vpc_dstport', 'vpc_interface')").rows()) {
                counted.add((String) row.get(0));
            }
            assertThat(counted).containsExactlyInAnyOrderElementsOf(rejectedCountsOfTheFiles());
        }
    }

    @Test
    void ingestAndStreamsMakeNoneOfTheBackfillLate(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        String prefix = "backfill-" + UUID.randomUUID() + ".";
        Path config = work.resolve("flowsight.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\nflowsight.topic.partitions=2\n");
        List<String> expected = rejectedCountsOfTheFiles();

        assertThat(FlowSightProcess.run(work, "ingest", "--config", config.toString(), "--transactional-id",
                prefix + "ingest", bucket.resolve("AWSLogs").toString())).contains(" records and 12 dead letters");
        Process streams = FlowSightProcess.start(work, "streams", "--config", config.toString(), "--state-dir",
                work.resolve("state").toString(), "--application-id", prefix + "streams");
        try {
            FlowSightProcess.run(work, "heartbeat", "--config", config.toString(), "--at",
                    START.plus(Duration.ofHours(2)).toString());
            List<ConsumerRecord<String, RejectedCount>> rejected = TopicRecords.readCommitted(kafka, registry,
                    prefix + "agg.rejected", RejectedCount.class, r -> r.key().contains("|vpc_"), expected.size(),
                    Duration.ofSeconds(120));
            assertThat(rejected).extracting(r -> r.key() + " " + r.value().getCount() + " " + r.value().getBytes())
                    .containsExactlyInAnyOrderElementsOf(expected);
            List<ConsumerRecord<String, DeadLetter>> late = TopicRecords.readCommitted(kafka, registry,
                    prefix + "deadletter", DeadLetter.class, 12, Duration.ofSeconds(10)).stream()
                    .filter(r -> r.value().getReason().equals("late")).toList();
            assertThat(late).isEmpty();
        } finally {
            streams.destroy();
            assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
        }
    }

    /** Rejected flows and bytes by minute and hour, per source, port and interface, as DuckDB counts them in the files. */
    private List<String> rejectedCountsOfTheFiles() throws Exception {
        String flows = "SELECT * FROM read_csv('" + bucket.resolve("AWSLogs") + "/*/vpcflowlogs/*/*/*/*/*.log.gz', "
                + "delim = ' ', header = true, ignore_errors = true, columns = {'version': 'VARCHAR', "
                + "'account_id': 'VARCHAR', 'interface_id': 'VARCHAR', 'srcaddr': 'VARCHAR', 'dstaddr': 'VARCHAR', "
                + "'srcport': 'VARCHAR', 'dstport': 'VARCHAR', 'protocol': 'VARCHAR', 'packets': 'VARCHAR', "
                + "'bytes': 'BIGINT', 'start': 'BIGINT', 'end': 'BIGINT', 'action': 'VARCHAR', 'log_status': 'VARCHAR'}) "
                + "WHERE action = 'REJECT'";
        String byWindow = "SELECT strftime(to_timestamp(start - start % {span}) AT TIME ZONE 'UTC', "
                + "'%Y-%m-%dT%H:%M:%SZ') || '|{name}|' || '{dimension}|' || {key} || ' ' || count(*) || ' ' || sum(bytes) "
                + "FROM flows WHERE {key} <> '-' GROUP BY start - start % {span}, {key}";
        List<String> parts = new ArrayList<>();
        for (String[] window : new String[][]{{"60", "PT1M"}, {"3600", "PT1H"}}) {
            for (String[] dimension : new String[][]{{"vpc_src", "srcaddr"}, {"vpc_dstport", "dstport"},
                    {"vpc_interface", "interface_id"}}) {
                parts.add(byWindow.replace("{span}", window[0]).replace("{name}", window[1])
                        .replace("{dimension}", dimension[0]).replace("{key}", dimension[1]));
            }
        }
        List<String> counts = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement();
             ResultSet rows = statement.executeQuery("WITH flows AS (" + flows + ") " + String.join(" UNION ALL ",
                     parts))) {
            while (rows.next()) {
                counts.add(rows.getString(1));
            }
        }
        assertThat(counts).hasSizeGreaterThan(100);
        return counts;
    }

    /** Moves one generated {@code AWSLogs} tree under {@code account} and {@code region}, names included. */
    private void relocate(Path awsLogs, String account, String region) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(awsLogs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String relative = awsLogs.relativize(file).toString().replace("123456789012", account)
                    .replace("us-east-1", region);
            Path target = bucket.resolve("AWSLogs").resolve(relative);
            Files.createDirectories(target.getParent());
            Files.move(file, target);
        }
    }
}
