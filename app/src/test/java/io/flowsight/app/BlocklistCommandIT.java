package io.flowsight.app;

import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A person's blocklist decisions on a real broker: recorded and audited, refused by the same guardrails. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class BlocklistCommandIT {
    @TempDir
    Path work;
    String config;

    @BeforeEach
    void config(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        config = Files.writeString(work.resolve("flowsight.properties"), "bootstrap.servers=" + kafka.bootstrapServers()
                + "\nschema.registry.url=" + registry.url() + "\nflowsight.topic.prefix=blocklist-" + UUID.randomUUID()
                + ".\n").toString();
    }

    @Test
    void aPersonBlocksAndUnblocksAndTheGuardrailsRefuseAnInternalAddressAndATooBroadBlock() {
        FlowSightCliTest.Run added = run("blocklist", "add", "198.51.100.23", "--comment", "scanner", "--by", "alice",
                "--config", config);
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).startsWith("block 198.51.100.23: ").endsWith("(dry-run: recorded, no target changed)\n");
        assertThat(run("blocklist", "list", "--config", config).out()).startsWith("198.51.100.23  until ")
                .contains("critical  offence 1  by alice: ");

        FlowSightCliTest.Run internal = run("blocklist", "add", "10.0.2.15", "--comment", "oops", "--config", config);
        assertThat(internal.exitCode()).isEqualTo(1);
        assertThat(internal.out()).startsWith("refuse 10.0.2.15: ");
        FlowSightCliTest.Run broad = run("blocklist", "add", "198.51.0.0/16", "--comment", "all of it", "--config",
                config);
        assertThat(broad.exitCode()).isEqualTo(1);
        assertThat(broad.out()).startsWith("refuse 198.51.0.0/16: ");

        FlowSightCliTest.Run removed = run("blocklist", "remove", "198.51.100.23", "--comment", "partner",
                "--config", config);
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).startsWith("unblock 198.51.100.23: ");
        assertThat(run("blocklist", "list", "--config", config).out()).isEqualTo("No address is blocked.\n");
    }
}
