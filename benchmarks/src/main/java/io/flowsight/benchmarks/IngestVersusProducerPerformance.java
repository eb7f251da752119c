package io.flowsight.benchmarks;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.kafka.IngestMetrics;
import io.flowsight.ingest.kafka.IngestProgress;
import io.flowsight.ingest.kafka.IngestSummary;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.localkafka.LocalKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Ingest of a gzipped VPC flow-log file into an in-process broker, measured side by side with Kafka's own
 * {@code ProducerPerformance} sending the same number of records of the same mean size with the same producer
 * settings (acks=all, idempotence, zstd, linger 20 ms, 256 KB batches, a transaction about every second).
 * Runs alternate, and the medians and their ratio are printed.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.IngestVersusProducerPerformance [records] [rounds]}
 */
public final class IngestVersusProducerPerformance {
    private static final Pattern PERF_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    private IngestVersusProducerPerformance() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("flowsight-ingest-bench");
        Path logFile = writeFlowLog(work.resolve("123456789010_vpcflowlogs_us-east-1_fl-1_20261122T1200Z_bench.log.gz"),
                records);
        int meanSize = meanSerializedSize(logFile);
        System.out.printf("%d flow records, mean serialized value %d bytes%n", records, meanSize);

        try (LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
             LocalSchemaRegistry registry = LocalSchemaRegistry.open(work.resolve("registry"));
             SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null)) {
            List<Double> ingestRates = new ArrayList<>();
            List<Double> perfRates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double ingest = ingest(broker.bootstrapServers(), server.url(), logFile, "ingest" + round);
                double perf = producerPerformance(broker.bootstrapServers(), records, meanSize, "perf" + round);
                ingestRates.add(ingest);
                perfRates.add(perf);
                System.out.printf("round %d: flowsight ingest %.0f records/s, ProducerPerformance %.0f records/s%n",
                        round, ingest, perf);
            }
            double ingestMedian = Median.of(ingestRates);
            double perfMedian = Median.of(perfRates);
            System.out.printf("median: flowsight ingest %.0f records/s, ProducerPerformance %.0f records/s, ratio %.2f%n",
                    ingestMedian, perfMedian, ingestMedian / perfMedian);
        }
    }

    private static double ingest(String bootstrap, String registryUrl, Path logFile, String run) throws Exception {
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
                IngestConfig.TOPIC_PREFIX_CONFIG, "bench-" + run + ".",
                IngestConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + run,
                IngestConfig.TRANSACTION_MAX_RECORDS_CONFIG, "1000000000"));
        try (TransactionalIngester ingester = new TransactionalIngester(config,
                new IngestMetrics(new SimpleMeterRegistry()), IngestProgress.NONE, Clock.systemUTC())) {
            long start = System.nanoTime();
            IngestSummary summary = ingester.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT,
                    List.of(new LocalFileSource(logFile)));
            return summary.records() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double producerPerformance(String bootstrap, int records, int size, String run) throws Exception {
        String topic = "bench-" + run + ".raw.vpcflow";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Set.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(new String[]{"--topic", topic, "--num-records", String.valueOf(records),
                    "--record-size", String.valueOf(size), "--throughput", "-1",
                    "--transactional-id", "bench-" + run, "--transaction-duration-ms", "1000",
                    "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true",
                    "compression.type=zstd", "linger.ms=20", "batch.size=262144"});
        } finally {
            System.setOut(stdout);
        }
        Matcher summary = PERF_SUMMARY.matcher(captured.toString(StandardCharsets.UTF_8));
        double rate = -1;
        while (summary.find()) {
            rate = Double.parseDouble(summary.group(2));
        }
        if (rate < 0) {
            throw new IllegalStateException("No summary from ProducerPerformance: " + captured);
        }
        return rate;
    }

    static Path writeFlowLog(Path file, int records) throws Exception {
        Random random = new Random(7);
        try (PrintStream out = new PrintStream(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), false,
                StandardCharsets.UTF_8)) {
            out.print(VpcFlowLogFormat.DEFAULT.headerLine() + "\n");
            for (int i = 0; i < records; i++) {
                long start = 1763812800L + random.nextInt(3600);
                out.print("2 123456789010 eni-0" + random.nextInt(64) + " 10." + random.nextInt(256) + "."
                        + random.nextInt(256) + "." + random.nextInt(256) + " 172.31." + random.nextInt(256) + "."
                        + random.nextInt(256) + " " + (1024 + random.nextInt(60000)) + " "
                        + (random.nextBoolean() ? 443 : 22) + " 6 " + (1 + random.nextInt(500)) + " "
                        + (40 + random.nextInt(1_000_000)) + " " + start + " " + (start + 60) + " "
                        + (random.nextInt(10) == 0 ? "REJECT" : "ACCEPT") + " OK\n");
            }
        }
        return file;
    }

    private static int meanSerializedSize(Path logFile) throws Exception {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(new FixedIdRegistry());
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1"), false);
        VpcFlowLogParser parser = new VpcFlowLogParser(VpcFlowLogFormat.DEFAULT, Instant::now);
        long bytes = 0;
        int counted = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(logFile)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && counted < 10_000) {
                Optional<VpcFlowLog> record = parser.parse(line);
                if (record.isPresent()) {
                    bytes += serializer.serialize(Topic.RAW_VPCFLOW.topicName(), record.get()).length;
                    counted++;
                }
            }
        }
        return (int) Math.round((double) bytes / counted);
    }

}
