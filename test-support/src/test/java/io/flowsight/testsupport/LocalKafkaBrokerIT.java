package io.flowsight.testsupport;

import io.flowsight.localkafka.LocalKafkaBroker;
import io.flowsight.schemas.VpcFlowLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process broker is a real, durable broker: what it acknowledged is there after a restart. */
@ExtendWith(SchemaRegistryExtension.class)
class LocalKafkaBrokerIT {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBrokerIT.class);

    @TempDir
    Path data;

    @Test
    void aRestartOnTheSameDirectoryKeepsTopicsAndRecords(SchemaRegistryUrl registry) throws Exception {
        List<VpcFlowLog> sent = AvroRecords.flows(300);
        String topic = "flowsight.raw.vpcflow";
        try (LocalKafkaBroker broker = new LocalKafkaBroker(data, Map.of())) {
            broker.start();
            Duration firstStart = broker.lastStartup();
            String bootstrap = broker.bootstrapServers();
            AvroRecords.createTopic(bootstrap, topic, 2);
            AvroRecords.produce(bootstrap, registry.url(), topic, sent);

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            LOG.info("In-process broker start-up: first {} ms (format included), restart {} ms",
                    firstStart.toMillis(), broker.lastStartup().toMillis());

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            List<ConsumerRecord<String, VpcFlowLog>> received =
                    AvroRecords.consume(bootstrap, registry.url(), topic, sent.size(), Duration.ofSeconds(60));
            assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        }
    }
}
