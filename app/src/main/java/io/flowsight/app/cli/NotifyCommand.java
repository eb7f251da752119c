package io.flowsight.app.cli;

import io.flowsight.app.runtime.RuntimeMeters;
import io.flowsight.notify.Destination;
import io.flowsight.notify.config.NotifyConfig;
import io.flowsight.notify.service.NotifyService;
import io.flowsight.notify.service.StartPosition;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.topology.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code flowsight notify}: delivers the alerts topic to the configured destinations until interrupted. */
@Command(name = "notify",
        description = "Deliver alerts (firing and resolved) to Alertmanager, signed webhooks, Slack or PagerDuty, "
                + "honouring silences; what a receiver does not accept after every retry goes to the notify "
                + "dead-letter topic. Runs until interrupted; each destination resumes where it committed.")
public final class NotifyCommand implements Callable<Integer> {
    @Mixin
    KafkaConnectionOptions connection;

    @Mixin
    NotifyOptions notify;

    @Option(names = "--from-beginning", description = "A destination delivering for the first time starts with the "
            + "oldest alert the topic keeps (default: with the alerts written from now on).")
    boolean fromBeginning;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<NotifyConfig> config = notify.config();
        if (config.isEmpty() || config.get().destinations().isEmpty()) {
            throw new IllegalArgumentException("No destination given: use --alertmanager URL, --webhook URL or "
                    + "--notify-config FILE.");
        }
        Map<String, Object> given = connection.settings();
        String prefix = KafkaConnectionOptions.topicPrefix(given);
        Map<String, Object> settings = ClientSettings.of(given);
        try (Admin admin = Admin.create(settings)) {
            TopicCreation.ensure(admin, prefix, EnumSet.of(Topic.ALERTS, Topic.SILENCES, Topic.NOTIFY_DEAD_LETTER),
                    Integer.parseInt(String.valueOf(given.getOrDefault(TopologyConfig.PARTITIONS_CONFIG,
                            new TopologyConfig(Map.of()).partitions()))), Optional.empty(), List.of());
        }
        try (ShutdownSignal signal = ShutdownSignal.install("flowsight-notify-stop");
             RuntimeMeters meters = new RuntimeMeters();
             NotifyService service = NotifyService.start(config.get(), settings, prefix,
                     fromBeginning ? StartPosition.EARLIEST : StartPosition.LATEST, meters.registry())) {
            spec.commandLine().getOut().println("Delivering alerts from " + Topic.ALERTS.topicName(prefix) + " to "
                    + config.get().destinations().stream().map(Destination::name).collect(Collectors.joining(", "))
                    + "; Ctrl-C stops it cleanly.");
            spec.commandLine().getOut().flush();
            while (!signal.requested()) {
                TimeUnit.SECONDS.sleep(1);
                if (!service.running()) {
                    spec.commandLine().getErr().println("Delivery to a destination stopped on an error (see the log "
                            + "above); fix its cause and start again: it resumes from its last commit.");
                    return 1;
                }
            }
        }
        return 0;
    }
}
