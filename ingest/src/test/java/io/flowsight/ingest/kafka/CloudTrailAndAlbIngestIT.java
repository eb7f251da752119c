package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** CloudTrail files and ALB logs through the transactional ingester: records keyed by address, rejects dead-lettered. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class CloudTrailAndAlbIngestIT {
    static final String ALB = "http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 "
            + "192.168.131.39:2817 - 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" "
            + "\"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/"
            + "73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 2018-11-30T22:22:48.364000Z "
            + "\"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"";

    @TempDir
    Path directory;

    @Test
    void cloudTrailAndAlbFilesLandKeyedByAddress(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        Path trail = directory.resolve("111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(trail))) {
            out.write(("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2015-08-01T02:05:00Z\","
                    + "\"eventName\":\"ConsoleLogin\",\"sourceIPAddress\":\"203.0.113.7\"},{\"eventName\":\"NoTime\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path digest = Files.writeString(directory.resolve("digest.json"),
                "{\"digestStartTime\":\"2015-08-01T01:00:00Z\",\"logFiles\":[]}");
        Path alb = Files.writeString(directory.resolve("alb.log"), ALB + "\nnot an alb line\n"
                + ALB + " TID_1 \"-\" \"-\" \"-\" \"a-future-field\"\n");

        String prefix = "mixed-" + UUID.randomUUID() + ".";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest"));
        try (TransactionalIngester ingester = new TransactionalIngester(config, new IngestMetrics(meters),
                IngestProgress.NONE, Clock.systemUTC())) {
            IngestSummary trails = ingester.ingest(LogType.CLOUDTRAIL, VpcFlowLogFormat.DEFAULT,
                    List.of(new LocalFileSource(trail), new LocalFileSource(digest)));
            assertThat(trails.skipped()).as("the digest").isEqualTo(1);
            ingester.ingest(LogType.ALB, VpcFlowLogFormat.DEFAULT, List.of(new LocalFileSource(alb)));
        }

        List<ConsumerRecord<String, CloudTrailEvent>> events = read(kafka, registry, prefix + "raw.cloudtrail",
                CloudTrailEvent.class, 1);
        assertThat(events).singleElement().satisfies(r -> {
            // An event of 2015 must not age out of the topic at once: retention counts from arrival.
            assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(Instant.ofEpochMilli(r.timestamp())).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
            assertThat(r.value().getEventTime()).isEqualTo(Instant.parse("2015-08-01T02:05:00Z"));
            assertThat(r.key()).isEqualTo("203.0.113.7");
            assertThat(r.value().getEventname()).isEqualTo("ConsoleLogin");
        });
        List<ConsumerRecord<String, AlbLogEntry>> entries = read(kafka, registry, prefix + "raw.alb", AlbLogEntry.class, 2);
        assertThat(entries).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("192.168.131.39"));
        assertThat(entries).extracting(r -> r.value().getExtraFields()).containsExactlyInAnyOrder(null,
                List.of("a-future-field"));
        assertThat(meters.get("flowsight.ingest.extra.fields").tag("type", "alb").counter().count()).isEqualTo(1);
        List<ConsumerRecord<String, DeadLetter>> letters = read(kafka, registry, prefix + "deadletter", DeadLetter.class, 2);
        assertThat(letters).extracting(r -> r.value().getLogType() + " " + r.value().getReason() + " "
                        + r.value().getLineNumber())
                .containsExactlyInAnyOrder("cloudtrail missing_field null", "alb field_count 2");
        assertThat(meters.get("flowsight.ingest.rejected").tag("type", "alb").tag("reason", "field_count").counter()
                .count()).isEqualTo(1);
        assertThat(meters.get("flowsight.ingest.digests.skipped").counter().count()).isEqualTo(1);
    }

    private static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(KafkaCluster kafka,
            SchemaRegistryUrl registry, String topic, Class<T> type, int expected) {
        return TopicRecords.readCommitted(kafka, registry, topic, type, expected, Duration.ofSeconds(30));
    }
}
