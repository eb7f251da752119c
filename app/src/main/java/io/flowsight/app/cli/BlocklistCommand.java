package io.flowsight.app.cli;

import io.flowsight.app.topics.BlocklistTopic;
import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.ManualBlock;
import io.flowsight.respond.policy.ManualUnblock;
import io.flowsight.schemas.Severity;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.DurationSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flowsight blocklist}: the current list, and a person's decisions, made by the same policy and guardrails as
 * {@code flowsight respond}'s and recorded on the blocklist topic, which a running respond follows.
 */
@Command(name = "blocklist", description = "Show the blocklist, or block or unblock an address by hand (audited; "
        + "a person's unblock holds the policy off that address until its block would have ended).",
        subcommands = {BlocklistCommand.ListBlocked.class, BlocklistCommand.Add.class, BlocklistCommand.Remove.class})
public final class BlocklistCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "The addresses blocked now: address, until, severity, offences, who "
            + "decided and why.")
    static final class ListBlocked implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<BlockedAddress> blocked;
            try (BlocklistTopic blocklist = BlocklistTopic.open(connection.settings())) {
                blocked = blocklist.active(Instant.now());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (blocked.isEmpty()) {
                out.println("No address is blocked.");
            }
            blocked.forEach(entry -> out.printf("%s  until %s  %s  offence %d  by %s: %s%n", entry.address(),
                    entry.expiresAt(), entry.severity().wireName(), entry.offences(), entry.decidedBy(),
                    entry.reason()));
            return 0;
        }
    }

    @Command(name = "add", description = "Block an address or CIDR block (no broader than "
            + "flowsight.respond.add.broadest.prefix.ipv4/ipv6, /24 and /64 by default).")
    static final class Add implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Mixin
        PersonsDecision decision;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "How long (default: "
                + "flowsight.respond.block.ttl, 4h).")
        String ttl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ManualBlock request = new ManualBlock(decision.address, ttl == null ? null
                    : DurationSetting.parse("--ttl", ttl), Severity.CRITICAL, decision.comment, decision.by);
            return decide(connection, spec, (blocklist, now) -> blocklist.add(request, now));
        }
    }

    @Command(name = "remove", description = "Unblock an address; the policy does not block it again until its block "
            + "would have ended.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Mixin
        PersonsDecision decision;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ManualUnblock request = new ManualUnblock(decision.address, decision.comment, decision.by);
            return decide(connection, spec, (blocklist, now) -> blocklist.remove(request, now));
        }
    }

    /** What a person gives with a decision: the address, why, and who. */
    static final class PersonsDecision {
        @Parameters(paramLabel = "ADDRESS", description = "An IP address or CIDR block.")
        String address;

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why.")
        String comment;

        @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who decides (default: the operating-system user).")
        String by;
    }

    private interface Decision {
        List<BlocklistChange> make(BlocklistTopic blocklist, Instant now);
    }

    /** Makes a person's decision against the list as the topic holds it, records it, and prints it. */
    private static int decide(KafkaConnectionOptions connection, CommandSpec spec, Decision decision)
            throws Exception {
        List<BlocklistChange> changes;
        try (BlocklistTopic blocklist = BlocklistTopic.open(connection.settings())) {
            changes = decision.make(blocklist, Instant.now());
        }
        for (BlocklistChange change : changes) {
            spec.commandLine().getOut().println(change.getAction() + " " + change.getAddress() + ": "
                    + change.getReason() + (change.getEnforced() ? "" : " (dry-run: recorded, no target changed)"));
        }
        return changes.stream().anyMatch(change -> change.getAction().equals("refuse")) ? 1 : 0;
    }
}
