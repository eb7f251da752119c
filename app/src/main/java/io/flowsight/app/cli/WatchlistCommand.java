package io.flowsight.app.cli;

import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.WatchlistEntry;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.topology.alert.WatchlistFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code flowsight watchlist FILE}: loads addresses and CIDR blocks into the compacted watch-list topic. */
@Command(name = "watchlist",
        description = "Load a watch-list file (one address or CIDR block per line, optionally followed by a reason) "
                + "into the compacted watch-list topic; running stream processing picks it up within seconds. "
                + "Nothing is loaded when a line is not an address or block.")
public final class WatchlistCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Parameters(paramLabel = "FILE", description = "The watch-list file.")
    Path file;

    @Option(names = "--list-name", paramLabel = "NAME", description = "Name of the list, shown in alerts "
            + "(default: the file name).")
    String listName;

    @Option(names = "--severity", paramLabel = "LEVEL", defaultValue = "high",
            description = "Severity of the alerts it raises: low, medium, high or critical (default: ${DEFAULT-VALUE}).")
    String severity;

    @Option(names = "--remove", description = "Remove the file's entries from the watch-list instead.")
    boolean remove;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("low", "medium", "high", "critical").contains(severity)) {
            throw new IllegalArgumentException("--severity is '" + severity + "'; use low, medium, high or critical.");
        }
        WatchlistFile.Contents contents = WatchlistFile.read(Files.readAllLines(file),
                listName == null ? file.getFileName().toString() : listName, severity, Instant.now());
        if (!contents.problems().isEmpty()) {
            contents.problems().forEach(problem -> spec.commandLine().getErr().println(
                    file + ":" + problem.line() + ": " + problem.message()));
            spec.commandLine().getErr().println("Nothing was loaded: fix or remove the lines above and run again.");
            return 1;
        }
        Map<String, Object> given = connection.settings();
        String prefix = KafkaConnectionOptions.topicPrefix(given);
        Map<String, Object> settings = ClientSettings.of(given);
        String topic = Topic.WATCHLIST.topicName(prefix);
        try (Admin admin = Admin.create(settings)) {
            TopicCreation.ensure(admin, prefix, EnumSet.of(Topic.WATCHLIST), 1, Optional.empty(), List.of());
        }
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<WatchlistEntry> values = new SpecificAvroSerializer<>();
        values.configure(settings, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new ByteArraySerializer())) {
            for (WatchlistEntry entry : contents.entries()) {
                byte[] value = remove ? null : values.serialize(topic, entry);
                producer.send(new ProducerRecord<>(topic, entry.getIndicator(), value));
            }
            producer.flush();
        } finally {
            values.close();
        }
        spec.commandLine().getOut().println((remove ? "Removed " : "Loaded ") + contents.entries().size()
                + " entries " + (remove ? "from " : "into ") + topic + ".");
        return 0;
    }
}
