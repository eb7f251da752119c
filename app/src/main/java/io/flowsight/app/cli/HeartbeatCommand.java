package io.flowsight.app.cli;

import io.flowsight.schemas.ClientSettings;
import io.flowsight.app.runtime.Heartbeats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flowsight heartbeat}: tells the topology that no event older than a time will follow, on every partition
 * of the raw topics, so that the windows before it (minus grace) close and their final results are written.
 */
@Command(name = "heartbeat",
        description = "Send a heartbeat (watermark) to every partition of the raw topics: the topology treats it as "
                + "'no event older than --at follows' and closes every window that ends at least the grace period "
                + "before it. Use it after loading a finite set of logs; a time far ahead makes later records late.")
public final class HeartbeatCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Option(names = "--at", paramLabel = "INSTANT", description = "The watermark, ISO-8601 (default: now), "
            + "e.g. 2026-11-22T10:00:00Z.")
    Instant at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> given = connection.settings();
        String prefix = KafkaConnectionOptions.topicPrefix(given);
        Instant watermark = at == null ? Instant.now() : at;
        int sent = Heartbeats.send(ClientSettings.of(given), prefix, watermark);
        spec.commandLine().getOut().println("Heartbeat at " + watermark + " sent to " + sent + " partitions of "
                + String.join(", ", Heartbeats.rawTopics(prefix)) + ".");
        return 0;
    }
}
