package io.flowsight.app;

import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zcat … | flowsight ingest --type vpc -}: standard input into Kafka, read once and never resumed. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class IngestStdinIT {

    @Test
    void linesFromStandardInputLandInKafka(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        String prefix = "stdin-" + UUID.randomUUID() + ".";
        Process ingest = new ProcessBuilder(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString(),
                "ingest", "--type", "vpc", "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", registry.url(), "--transactional-id", prefix + "ingest", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream stdin = ingest.getOutputStream()) {
            stdin.write(("""
                    2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK
                    2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK
                    not a flow record
                    """).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ingest.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(ingest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ingest.exitValue()).as(output).isZero();
        assertThat(output).startsWith("2 records and 1 dead letters from 1 files");
        assertThat(TopicRecords.readCommitted(kafka, registry, "flowsight.raw.vpcflow", VpcFlowLog.class, 2,
                Duration.ofSeconds(30))).extracting(r -> r.value().getAction())
                .containsExactlyInAnyOrder("ACCEPT", "REJECT");
    }
}
