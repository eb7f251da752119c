package io.flowsight.app.cli;

import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.policy.BlocklistTarget;
import io.flowsight.respond.service.BlocklistTargets;
import io.flowsight.respond.service.RespondService;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.topology.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code flowsight respond}: turns alerts into blocklist decisions and applies them until interrupted. */
@Command(name = "respond",
        description = "Decide from alerts which addresses to block (opt-in, guarded: allow-lists, time-to-live, a "
                + "cap; dry-run unless --enforce), record every decision on the blocklist topic, and apply the list "
                + "to its targets: a file, AWS WAF IP sets, a VPC network ACL, a GuardDuty threat list. Runs until "
                + "interrupted.")
public final class RespondCommand implements Callable<Integer> {
    @Mixin
    KafkaConnectionOptions connection;

    @Mixin
    BlockingOptions blocking;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> given = blocking.applyTo(connection.settings());
        BlocklistPolicyConfig policy = new BlocklistPolicyConfig(given);
        String prefix = KafkaConnectionOptions.topicPrefix(given);
        Map<String, Object> clients = ClientSettings.of(given);
        try (Admin admin = Admin.create(clients)) {
            TopicCreation.ensure(admin, prefix, EnumSet.of(Topic.ALERTS, Topic.BLOCKLIST),
                    Integer.parseInt(String.valueOf(given.getOrDefault(TopologyConfig.PARTITIONS_CONFIG,
                            new TopologyConfig(Map.of()).partitions()))), Optional.empty(), List.of());
        }
        List<BlocklistTarget> targets = BlocklistTargets.from(given);
        try (ShutdownSignal signal = ShutdownSignal.install("flowsight-respond-stop");
             RespondService service = RespondService.start(policy, targets, clients, prefix, Clock.systemUTC())) {
            spec.commandLine().getOut().println((policy.enforce() ? "Enforcing" : "Dry-run (recording decisions, "
                    + "changing nothing; --enforce applies them)") + ": blocklist on " + Topic.BLOCKLIST.topicName(prefix)
                    + (targets.isEmpty() ? ", no target" : ", targets " + targets.stream().map(BlocklistTarget::name)
                    .collect(Collectors.joining(", "))) + "; Ctrl-C stops it cleanly.");
            spec.commandLine().getOut().flush();
            while (!signal.requested()) {
                TimeUnit.SECONDS.sleep(1);
                if (!service.running()) {
                    return 1;
                }
            }
        }
        return 0;
    }
}
