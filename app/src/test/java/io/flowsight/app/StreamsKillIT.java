package io.flowsight.app;

import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.flowsight.app.StreamsApplications.committedOnRawTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight streams} killed with SIGKILL again and again while its windows are open (tallies changed in heap
 * since the last commit, partial sums waiting for the shuffle), then run to the end: every aggregate and alert is
 * there exactly once, the same as a run of the same input that was never killed. In both ranking modes: in exact
 * mode every output is compared byte for byte, the per-pair and per-destination tallies and their shuffle
 * included; in sketch mode (the default) the sketched lists by window, dimension and length
 * ({@link StreamsApplications#topTalkersText}).
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class StreamsKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsKillIT.class);
    static final int KILLS = 4;
    static final int PARTITIONS = 2;

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"sketch", "exact"})
    void everyAggregateAndAlertExactlyOnceAfterRepeatedKills(String mode, KafkaCluster kafka,
                                                             SchemaRegistryUrl registry) throws Exception {
        StreamsApplications applications = new StreamsApplications(kafka, registry, work);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String killed = "kill-" + run + ".";
        String reference = "ref-" + run + ".";
        // Static membership: a restarted instance takes over its predecessor's tasks at once instead of waiting out
        // the killed member's session.
        String ranking = "flowsight.topology.top.mode=" + mode;
        Path killedConfig = applications.prepare(killed, PARTITIONS, ranking, "group.instance.id=" + killed + "a",
                "session.timeout.ms=10000");
        Path referenceConfig = applications.prepare(reference, PARTITIONS, ranking);
        applications.heartbeat(killedConfig, killed);
        applications.heartbeat(referenceConfig, reference);

        try (Admin admin = applications.admin()) {
            Process untouched = applications.streams(referenceConfig, reference, "a");
            applications.awaitCaughtUp(admin, reference, PARTITIONS, Map.of("a", untouched));
            StreamsApplications.stop(untouched);

            Random random = new Random(20261206);
            for (int kill = 1; kill <= KILLS; kill++) {
                Process streams = applications.streams(killedConfig, killed, "a");
                // Kills spread over the input: the first while only one-minute windows are open, the later ones
                // while windows close, fold into hours and sums wait for the shuffle.
                long progress = Math.max(committedOnRawTopic(admin, killed) + 1,
                        (long) kill * StreamsApplications.FLOWS / (KILLS + 1));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (committedOnRawTopic(admin, killed) < progress) {
                    assertThat(streams.isAlive()).as(applications.log(killed + "a")).isTrue();
                    assertThat(System.nanoTime()).as("no progress within 120 s").isLessThan(deadline);
                    Thread.sleep(50);
                }
                long delay = 100 + random.nextInt(900);
                Thread.sleep(delay);
                assertThat(streams.isAlive()).as("still processing when killed").isTrue();
                streams.destroyForcibly();
                assertThat(streams.waitFor(30, TimeUnit.SECONDS)).isTrue();
                LOG.info("kill {}: {} ms after {} flows, {} of {} committed", kill, delay, progress,
                        committedOnRawTopic(admin, killed), StreamsApplications.FLOWS);
            }
            assertThat(committedOnRawTopic(admin, killed)).as("the kills came before the end")
                    .isLessThan(StreamsApplications.FLOWS);
            Process last = applications.streams(killedConfig, killed, "a");
            applications.awaitCaughtUp(admin, killed, PARTITIONS, Map.of("a", last));
            StreamsApplications.stop(last);
        }

        List<String> expected = applications.outputs(reference, List.of());
        StreamsApplications.assertAttacksAlerted(expected);
        assertThat(applications.outputs(killed, expected)).as("after %d kills", KILLS).isEqualTo(expected);
    }
}
