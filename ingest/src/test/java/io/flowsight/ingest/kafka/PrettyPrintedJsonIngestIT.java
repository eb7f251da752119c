package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LambdaEvents;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.source.SourcePosition;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pretty-printed JSON through the transactional ingester and a real broker: CloudWatch Logs events as Lambda receives
 * them, one after another in one file, give their flows exactly once, also when the ingest is interrupted in the
 * middle of the file and started again; a pretty-printed CloudTrail file gives its events.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class PrettyPrintedJsonIngestIT {
    static final int EVENTS = 1200;
    static final int BROKEN = 2;
    static final int TOO_LONG = 5;
    static final int BROKEN_AFTER_THE_INTERRUPTION = 1100;
    static final int MAX_VALUE_BYTES = 1024;

    @TempDir
    Path directory;

    /** Event {@code i} (five lines, starting on line 5i+1) carries the flows from source ports 10000+2i and 10001+2i. */
    static String event(int i) {
        if (i == BROKEN || i == BROKEN_AFTER_THE_INTERRUPTION) {
            return "{\n  \"awslogs\": {\n    \"data\": \n  }\n}";
        }
        if (i == TOO_LONG) {
            return "{\n  \"awslogs\": {\n    \"data\": \"" + "A".repeat(MAX_VALUE_BYTES) + "\"\n  }\n}";
        }
        return LambdaEvents.prettyPrinted(List.of(flow(10000 + 2 * i), flow(10001 + 2 * i)));
    }

    static String flow(int sourcePort) {
        return "2 123456789012 eni-0a1b2c3d 10.0.1.5 203.0.113.9 " + sourcePort + " 443 6 10 8400 1700000000 "
                + "1700000060 ACCEPT OK";
    }

    @Test
    void lambdaEventsGiveEveryFlowOnceAcrossAnInterruptedIngest(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        Path events = directory.resolve("lambda-events.json");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            text.append(event(i)).append('\n');
        }
        Files.writeString(events, text);
        long size = Files.size(events);

        String prefix = "pretty-" + UUID.randomUUID() + ".";
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest",
                IngestConfig.MAX_LINE_BYTES_CONFIG, MAX_VALUE_BYTES,
                // A transaction (and the position it stores) after every batch: the first one ends in the middle of
                // the file, after event 1024.
                IngestConfig.TRANSACTION_MAX_RECORDS_CONFIG, 1));
        try (TransactionalIngester interrupted = ingester(config)) {
            Source failingNearTheEnd = new FailingAt(new LocalFileSource(events), size - 1000);
            assertThatThrownBy(() -> interrupted.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT,
                    List.of(failingNearTheEnd))).isInstanceOf(IOException.class).hasMessage("disk gone");
        }
        assertThat(TopicRecords.readCommitted(kafka, registry, prefix + "raw.vpcflow", VpcFlowLog.class, 2044,
                Duration.ofSeconds(30))).as("the first 1024 events, less the broken and the too long one, are in")
                .hasSize(2 * 1024 - 4);
        try (TransactionalIngester resumed = ingester(config)) {
            resumed.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT, List.of(new LocalFileSource(events)));
        }

        List<Integer> expectedPorts = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            if (i != BROKEN && i != TOO_LONG && i != BROKEN_AFTER_THE_INTERRUPTION) {
                expectedPorts.add(10000 + 2 * i);
                expectedPorts.add(10001 + 2 * i);
            }
        }
        List<ConsumerRecord<String, VpcFlowLog>> flows = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.vpcflow", VpcFlowLog.class, expectedPorts.size(), Duration.ofSeconds(60));
        assertThat(flows).extracting(record -> record.value().getSrcport())
                .containsExactlyInAnyOrderElementsOf(expectedPorts);

        List<ConsumerRecord<String, DeadLetter>> letters = TopicRecords.readCommitted(kafka, registry,
                prefix + "deadletter", DeadLetter.class, 3, Duration.ofSeconds(30));
        assertThat(letters).extracting(record -> record.value().getReason() + " line "
                        + record.value().getLineNumber())
                .containsExactlyInAnyOrder("bad_json line 11", "line_too_long line 26", "bad_json line 5501");
        assertThat(letters).filteredOn(record -> record.value().getReason().equals("line_too_long")).singleElement()
                .satisfies(record -> assertThat(record.value().getError()).isEqualTo("The JSON value starting on this "
                        + "line is " + event(TOO_LONG).length() + " bytes long, more than "
                        + "flowsight.ingest.max.line.bytes (1024); it is kept here cut short and not parsed. Raise the "
                        + "limit if such values are real."));
    }

    @Test
    void aPrettyPrintedCloudTrailFileGivesItsEvents(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        Path trail = Files.writeString(directory.resolve("trail.json"), """
                {
                    "Records": [
                        {
                            "eventVersion": "1.08",
                            "eventTime": "2023-11-14T22:13:20Z",
                            "eventSource": "iam.amazonaws.com",
                            "eventName": "CreateUser",
                            "awsRegion": "us-east-1",
                            "sourceIPAddress": "203.0.113.9",
                            "userIdentity": {
                                "type": "IAMUser",
                                "userName": "alice"
                            },
                            "eventID": "3e5f2a1c-0000-4000-8000-000000000001",
                            "recipientAccountId": "123456789012"
                        },
                        {
                            "eventVersion": "1.08",
                            "eventTime": "2023-11-14T22:13:21Z",
                            "eventSource": "s3.amazonaws.com",
                            "eventName": "PutBucketPolicy",
                            "awsRegion": "us-east-1",
                            "sourceIPAddress": "203.0.113.9",
                            "userIdentity": {
                                "type": "IAMUser",
                                "userName": "alice"
                            },
                            "eventID": "3e5f2a1c-0000-4000-8000-000000000002",
                            "recipientAccountId": "123456789012"
                        }
                    ]
                }
                """);
        String prefix = "pretty-trail-" + UUID.randomUUID() + ".";
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest"));
        try (TransactionalIngester ingester = ingester(config)) {
            ingester.ingest(LogType.CLOUDTRAIL, VpcFlowLogFormat.DEFAULT, List.of(new LocalFileSource(trail)));
        }
        List<ConsumerRecord<String, CloudTrailEvent>> events = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.cloudtrail", CloudTrailEvent.class, 2, Duration.ofSeconds(30));
        assertThat(events).extracting(record -> record.value().getEventname() + " " + record.value().getEventid())
                .containsExactlyInAnyOrder("CreateUser 3e5f2a1c-0000-4000-8000-000000000001",
                        "PutBucketPolicy 3e5f2a1c-0000-4000-8000-000000000002");
    }

    private static TransactionalIngester ingester(IngestConfig config) throws Exception {
        return new TransactionalIngester(config, new IngestMetrics(new SimpleMeterRegistry()), IngestProgress.NONE,
                Clock.systemUTC());
    }

    /** A local file whose content fails to read past byte {@code failAt}, as a disk or network that goes away. */
    private record FailingAt(LocalFileSource file, long failAt) implements Source {
        @Override
        public String id() {
            return file.id();
        }

        @Override
        public String name() {
            return file.name();
        }

        @Override
        public boolean resumable() {
            return true;
        }

        @Override
        public boolean sameContentAs(SourcePosition position) throws IOException {
            return file.sameContentAs(position);
        }

        @Override
        public InputStream open(long offset) throws IOException {
            return new FilterInputStream(file.open(offset)) {
                private long position = offset;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int from, int count) throws IOException {
                    if (position >= failAt) {
                        throw new IOException("disk gone");
                    }
                    int read = super.read(buffer, from, (int) Math.min(count, failAt - position));
                    position += Math.max(read, 0);
                    return read;
                }
            };
        }

        @Override
        public boolean compressed() throws IOException {
            return file.compressed();
        }

        @Override
        public Fingerprint fingerprint() throws IOException {
            return file.fingerprint();
        }
    }
}
