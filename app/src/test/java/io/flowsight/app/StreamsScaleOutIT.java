package io.flowsight.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.LoopbackPorts;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out: the same topology as two {@code flowsight streams} instances sharing four partitions writes exactly what
 * one instance writes, and either instance answers the live query of any address, asking the instance that holds it.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class StreamsScaleOutIT {
    static final int PARTITIONS = 4;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void twoInstancesWriteWhatOneWritesAndEachAnswersForEveryAddress(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        StreamsApplications applications = new StreamsApplications(kafka, registry, work);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String scaled = "two-" + run + ".";
        String reference = "one-" + run + ".";
        Path scaledConfig = applications.prepare(scaled, PARTITIONS);
        Path referenceConfig = applications.prepare(reference, PARTITIONS);
        applications.heartbeat(referenceConfig, reference);

        try (Admin admin = applications.admin()) {
            Process single = applications.streams(referenceConfig, reference, "a");
            applications.awaitCaughtUp(admin, reference, PARTITIONS, Map.of("a", single));
            StreamsApplications.stop(single);

            String a = "127.0.0.1:" + LoopbackPorts.free();
            String b = "127.0.0.1:" + LoopbackPorts.free();
            Process first = applications.streams(scaledConfig, scaled, "a", "--http", a);
            Process second = applications.streams(scaledConfig, scaled, "b", "--http", b);
            try {
                Map<String, Process> instances = Map.of("a", first, "b", second);
                applications.awaitCaughtUp(admin, scaled, PARTITIONS, instances);
                // The last quarter hour's windows are still open: the live state answers, from either instance.
                Set<String> holders = new HashSet<>();
                for (String address : List.of(StreamsApplications.BRUTE_FORCE, "10.0.1.17", "10.0.4.200",
                        "10.0.7.3", "10.0.2.99", "10.0.5.42")) {
                    JsonNode fromA = live(a, address);
                    JsonNode fromB = live(b, address);
                    assertThat(fromA.get("report").get("activity")).as(address).isNotEmpty();
                    assertThat(fromB.get("report")).as(address + " asked of either instance")
                            .isEqualTo(fromA.get("report"));
                    holders.add(fromA.get("held_by").asText());
                    holders.add(fromB.get("held_by").asText());
                }
                assertThat(holders).as("the addresses are spread over both instances").hasSize(2);

                applications.heartbeat(scaledConfig, scaled);
                applications.awaitCaughtUp(admin, scaled, PARTITIONS, instances);
            } finally {
                StreamsApplications.stop(first);
                StreamsApplications.stop(second);
            }
        }

        List<String> expected = applications.outputs(reference, List.of());
        StreamsApplications.assertAttacksAlerted(expected);
        assertThat(applications.outputs(scaled, expected)).isEqualTo(expected);
    }

    /** {@code /api/ip/{address}} of one instance, retried while the instances rebalance. */
    private JsonNode live(String instance, String address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + instance
                    + "/api/ip/" + address)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return json.readTree(answer.body());
            }
            assertThat(answer.statusCode()).as(answer.body()).isIn(502, 503);
            assertThat(System.nanoTime()).as("no answer within 60 s: %s", answer.body()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
