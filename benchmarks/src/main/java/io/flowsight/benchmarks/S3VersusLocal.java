package io.flowsight.benchmarks;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.S3Location;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.kafka.IngestMetrics;
import io.flowsight.ingest.kafka.IngestProgress;
import io.flowsight.ingest.kafka.IngestSummary;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.s3.S3ObjectListing;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.localkafka.LocalKafkaBroker;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.sinks.storage.S3LakeStorage;
import io.flowsight.testsupport.S3ProxyServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two S3 figures against S3Proxy (a real S3 API server, as a separate process on loopback):
 * <ol>
 *   <li>ingest of the same gzipped AWS-named flow-log objects from an S3 prefix and from a local folder, into one
 *   in-process broker, rounds alternating which goes first; records per second, medians and their ratio;</li>
 *   <li>the heap the lake sink's S3 upload needs: a large staged file published with multipart upload while a
 *   sampler records the heap in use; peak above the baseline, median of rounds.</li>
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.S3VersusLocal
 * [objects] [lines per object] [rounds] [upload MB] [s3proxy jar]}
 */
public final class S3VersusLocal {
    private static final String KEY_PREFIX = "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/11/22/";

    private S3VersusLocal() {
    }

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int uploadMegabytes = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        Path jar = Path.of(args.length > 4 ? args[4] : "benchmarks/target/test-servers/s3proxy.jar");
        Path work = Files.createTempDirectory("flowsight-s3-bench");
        Path folder = work.resolve("local").resolve(KEY_PREFIX);
        Files.createDirectories(folder);
        for (int i = 0; i < objects; i++) {
            IngestVersusProducerPerformance.writeFlowLog(folder.resolve(
                    "123456789010_vpcflowlogs_us-east-1_fl-1_20261122T" + String.format("%04d", i) + "Z_bench.log.gz"),
                    lines);
        }
        try (S3ProxyServer s3proxy = S3ProxyServer.start(jar);
             LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
             LocalSchemaRegistry registry = LocalSchemaRegistry.open(work.resolve("registry"));
             SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null)) {
            AwsClientConfig aws = new AwsClientConfig(s3proxy.endpoint().flowSightSettings());
            try (S3Client s3 = aws.newS3Client()) {
                s3.createBucket(request -> request.bucket("logs"));
                try (var files = Files.list(folder)) {
                    for (Path file : files.sorted().toList()) {
                        s3.putObject(request -> request.bucket("logs").key(KEY_PREFIX + file.getFileName()), file);
                    }
                }
                System.out.printf("%d objects of %d flow lines (%d MB gzipped)%n", objects, lines,
                        folderBytes(folder) >> 20);
                List<Double> local = new ArrayList<>();
                List<Double> remote = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    boolean s3First = round % 2 == 0;
                    double first = ingest(broker, server, round + (s3First ? "s3" : "local"),
                            s3First ? s3Sources(s3) : localSources(folder));
                    double second = ingest(broker, server, round + (s3First ? "local" : "s3"),
                            s3First ? localSources(folder) : s3Sources(s3));
                    local.add(s3First ? second : first);
                    remote.add(s3First ? first : second);
                    System.out.printf("round %d: local %.0f records/s, S3 %.0f records/s, ratio %.2f%n", round,
                            local.get(round - 1), remote.get(round - 1), remote.get(round - 1) / local.get(round - 1));
                }
                System.out.printf("median: local %.0f records/s, S3 %.0f records/s, ratio %.2f%n", Median.of(local),
                        Median.of(remote), Median.of(remote) / Median.of(local));
            }
            List<Double> peaks = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                peaks.add((double) uploadPeakHeap(aws, work, uploadMegabytes, round));
                System.out.printf("upload round %d: %d MB file, peak heap above baseline %.1f MB (max heap %d MB)%n",
                        round, uploadMegabytes, peaks.get(round - 1) / (1 << 20),
                        Runtime.getRuntime().maxMemory() >> 20);
            }
            System.out.printf("upload median peak heap above baseline: %.1f MB%n", Median.of(peaks) / (1 << 20));
        }
    }

    private static List<Source> localSources(Path folder) throws Exception {
        List<Source> sources = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                sources.add(new LocalFileSource(file));
            }
        }
        return sources;
    }

    private static List<Source> s3Sources(S3Client s3) throws Exception {
        return new ArrayList<>(new S3ObjectListing(s3).list(S3Location.parse("s3://logs/" + KEY_PREFIX),
                Optional.empty(), null));
    }

    private static double ingest(LocalKafkaBroker broker, SchemaRegistryHttpServer server, String run,
                                 List<Source> sources) throws Exception {
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, "bench-" + run + ".",
                IngestConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + run));
        try (TransactionalIngester ingester = new TransactionalIngester(config,
                new IngestMetrics(new SimpleMeterRegistry()), IngestProgress.NONE, Clock.systemUTC())) {
            long start = System.nanoTime();
            IngestSummary summary = ingester.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT, sources);
            return summary.records() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Publishes a staged file of {@code megabytes} and returns the peak heap in use above the baseline, in bytes. */
    private static long uploadPeakHeap(AwsClientConfig aws, Path work, int megabytes, int round) throws Exception {
        Path staging = work.resolve("staging" + round);
        String relative = "vpc_flow_logs/dt=2026-11-22/hour=12/flowsight.raw.vpcflow+0+" + round + ".zstd.parquet";
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        byte[] block = new byte[1 << 20];
        Random random = new Random(round);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        block = null;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (S3LakeStorage storage = new S3LakeStorage(aws.newS3Client(), S3Location.parse("s3://lake-" + round
                + "/lake"), staging, 16L << 20)) {
            try (S3Client s3 = aws.newS3Client()) {
                s3.createBucket(request -> request.bucket("lake-" + round));
            }
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean uploading = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (uploading.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            storage.publish(file, relative);
            uploading.set(false);
            sampler.join();
            return peak.get() - baseline;
        }
    }

    private static long folderBytes(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            long bytes = 0;
            for (Path file : files.toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }
}
