package io.flowsight.ingest.s3;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.S3Location;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.kafka.IngestMetrics;
import io.flowsight.ingest.kafka.IngestProgress;
import io.flowsight.ingest.kafka.IngestSummary;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A backfill of a bucket laid out as AWS delivers flow logs, read through a real S3 API server (S3Proxy) into a real
 * broker: every record once, however often the prefix is ingested again.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class, S3ProxyExtension.class})
class S3PrefixIngestIT {
    static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
            + "bytes start end action log-status";
    static final String DAYS = "AWSLogs/123456789012/vpcflowlogs/us-east-1/";

    S3Client s3;
    String bucket;

    @BeforeEach
    void bucket(S3Endpoint endpoint) {
        s3 = new AwsClientConfig(endpoint.flowSightSettings()).newS3Client();
        bucket = "logs-" + UUID.randomUUID();
        s3.createBucket(request -> request.bucket(bucket));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void aPrefixOfGzippedAwsNamedObjectsLandsOnceHoweverOftenItIsIngested(KafkaCluster kafka,
            SchemaRegistryUrl registry) throws Exception {
        put(DAYS + "2024/05/01/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20240501T0005Z_1f2e3d4c.log.gz",
                gzip(HEADER, flow("10.0.1.1", 1714521600), flow("10.0.1.2", 1714521601)));
        put(DAYS + "2024/05/02/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20240502T0005Z_5a6b7c8d.log.gz",
                gzip(HEADER, flow("10.0.2.1", 1714608000), "2 123456789012 eni-1 not-enough-fields"));
        // No .gz in the name: the gzip magic bytes decide.
        put(DAYS + "2024/05/03/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20240503T0005Z_9e8f7a6b.log",
                gzip(HEADER, flow("10.0.3.1", 1714694400), flow("10.0.3.2", 1714694401), flow("10.0.3.3", 1714694402)));
        S3ObjectListing listing = new S3ObjectListing(s3);
        S3Location location = S3Location.parse("s3://" + bucket + "/" + DAYS);
        List<S3ObjectSource> objects = listing.list(location, Optional.empty(), null);
        assertThat(objects).extracting(S3ObjectSource::name).allMatch(name -> name.startsWith("s3://" + bucket + "/"))
                .hasSize(3);

        String prefix = "s3-" + UUID.randomUUID() + ".";
        IngestSummary first = ingest(kafka, registry, prefix, objects);
        IngestSummary again = ingest(kafka, registry, prefix, listing.list(location, Optional.empty(), null));

        assertThat(first.records()).isEqualTo(6);
        assertThat(first.deadLetters()).isEqualTo(1);
        assertThat(again.records()).as("a second backfill of the same objects").isZero();
        assertThat(again.filesAlreadyDone()).isEqualTo(3);
        List<ConsumerRecord<String, VpcFlowLog>> flows = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.vpcflow", VpcFlowLog.class, 6, Duration.ofSeconds(30));
        assertThat(flows).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2",
                "10.0.2.1", "10.0.3.1", "10.0.3.2", "10.0.3.3");
        List<ConsumerRecord<String, DeadLetter>> letters = TopicRecords.readCommitted(kafka, registry,
                prefix + "deadletter", DeadLetter.class, 1, Duration.ofSeconds(30));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.value().getSource()).isEqualTo("s3://" + bucket + "/" + DAYS
                    + "2024/05/02/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20240502T0005Z_5a6b7c8d.log.gz");
            assertThat(letter.value().getLineNumber()).isEqualTo(3L);
            assertThat(letter.value().getLogType()).as("the schema's name, as the topology writes it")
                    .isEqualTo("vpcflow");
        });
    }

    @Test
    void sinceLeavesOutEarlierDaysAndAGlobFiltersNames() throws Exception {
        for (String day : List.of("2024/04/30", "2024/05/01", "2024/05/02")) {
            String compact = day.replace("/", "");
            put(DAYS + day + "/123456789012_vpcflowlogs_us-east-1_fl-1_" + compact + "T0000Z_aa.log.gz", gzip(HEADER));
            put(DAYS + day + "/notes.txt", "not a log".getBytes(StandardCharsets.UTF_8));
        }
        put("AWSLogs/123456789012/CloudTrail/us-east-1/2024/04/29/123456789012_CloudTrail_us-east-1_20240429T0000Z_bb.json.gz",
                gzip("{\"Records\":[]}"));
        S3ObjectListing listing = new S3ObjectListing(s3);
        Optional<LocalDate> since = Optional.of(LocalDate.of(2024, 5, 1));

        assertThat(listing.list(S3Location.parse("s3://" + bucket + "/" + DAYS), since, "*.log.gz"))
                .as("starting the listing at the day").extracting(S3ObjectSource::key)
                .containsExactly(DAYS + "2024/05/01/123456789012_vpcflowlogs_us-east-1_fl-1_20240501T0000Z_aa.log.gz",
                        DAYS + "2024/05/02/123456789012_vpcflowlogs_us-east-1_fl-1_20240502T0000Z_aa.log.gz");
        assertThat(listing.list(S3Location.parse("s3://" + bucket + "/AWSLogs/"), since, null))
                .as("filtering each key by its day").extracting(S3ObjectSource::key)
                .containsExactly(DAYS + "2024/05/01/123456789012_vpcflowlogs_us-east-1_fl-1_20240501T0000Z_aa.log.gz",
                        DAYS + "2024/05/01/notes.txt",
                        DAYS + "2024/05/02/123456789012_vpcflowlogs_us-east-1_fl-1_20240502T0000Z_aa.log.gz",
                        DAYS + "2024/05/02/notes.txt");
    }

    @Test
    void aMissingBucketIsOneSentence() {
        S3ObjectListing listing = new S3ObjectListing(s3);
        assertThatThrownBy(() -> listing.list(S3Location.parse("s3://no-such-bucket-" + UUID.randomUUID() + "/x/"),
                Optional.empty(), null)).hasMessageContaining("not found (NoSuchBucket): check the bucket name");
    }

    @Test
    void anObjectRewrittenWithNewContentIsANewSource() throws Exception {
        String key = DAYS + "2024/05/01/123456789012_vpcflowlogs_us-east-1_fl-1_20240501T0000Z_cc.log.gz";
        put(key, gzip(HEADER, flow("10.0.9.1", 1714521600)));
        S3ObjectSource before = new S3ObjectListing(s3).list(S3Location.parse("s3://" + bucket + "/" + key),
                Optional.empty(), null).get(0);
        put(key, gzip(HEADER, flow("10.0.9.1", 1714521600), flow("10.0.9.2", 1714521601)));
        S3ObjectSource after = new S3ObjectListing(s3).list(S3Location.parse("s3://" + bucket + "/" + key),
                Optional.empty(), null).get(0);

        assertThat(after.id()).isNotEqualTo(before.id()).startsWith("s3:" + bucket + "/" + key + "#");
        assertThatThrownBy(() -> before.open(0).readAllBytes()).as("the listed content is gone")
                .hasMessageContaining("the object changed while it was being read");
        assertThat(after.compressed()).isTrue();
    }

    private IngestSummary ingest(KafkaCluster kafka, SchemaRegistryUrl registry, String prefix,
                                 List<S3ObjectSource> objects) throws Exception {
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest"));
        try (TransactionalIngester ingester = new TransactionalIngester(config,
                new IngestMetrics(new SimpleMeterRegistry()), IngestProgress.NONE, Clock.systemUTC())) {
            return ingester.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT, objects);
        }
    }

    private void put(String key, byte[] content) {
        s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    static String flow(String source, long start) {
        return "2 123456789012 eni-0a1b2c3d " + source + " 172.31.0.10 40000 22 6 3 180 " + start + " "
                + (start + 60) + " REJECT OK";
    }

    static byte[] gzip(String... lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
