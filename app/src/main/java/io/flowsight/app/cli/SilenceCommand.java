package io.flowsight.app.cli;

import io.flowsight.app.topics.SilenceTopic;
import io.flowsight.schemas.Silence;
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
 * {@code flowsight silence}: holds back the delivery of alerts on an address or network until a time. A silenced
 * alert is still recorded (topic, lake, API); only notifications are held back. Kept in the compacted silences topic,
 * which every {@code flowsight notify} reads.
 */
@Command(name = "silence", description = "Hold back notifications of alerts on an address or network (optionally of "
        + "one detector) until a time; the alerts are still recorded.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
public final class SilenceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", description = "Add a silence; prints its id.")
    static final class Add implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Option(names = "--address", required = true, paramLabel = "CIDR",
                description = "An IP address or CIDR block, e.g. 203.0.113.7 or 10.0.0.0/8.")
        String address;

        @Option(names = "--detector", paramLabel = "DETECTOR",
                description = "Only this detector's alerts, e.g. port_scan (default: every detector).")
        String detector;

        @Option(names = "--until", required = true, paramLabel = "TIME",
                description = "When it ends: an ISO-8601 time (2026-12-07T08:00:00Z) or a duration from now (4h, 2d).")
        String until;

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why.")
        String comment;

        @Option(names = "--created-by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who (default: the operating-system user).")
        String createdBy;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Silence silence = SilenceTopic.of(address, detector, until, comment, createdBy, Instant.now());
            try (SilenceTopic silences = SilenceTopic.open(connection.settings())) {
                silences.add(silence);
            }
            spec.commandLine().getOut().println("Silence " + silence.getSilenceId() + " holds back "
                    + (detector == null ? "every alert" : detector + " alerts") + " on " + address + " until "
                    + silence.getEndsAt() + ".");
            return 0;
        }
    }

    @Command(name = "list", description = "List the silences that hold now or will: id, address, detector, from and "
            + "until, who and why.")
    static final class ListSilences implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Option(names = "--all", description = "Include the expired ones.")
        boolean all;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<Silence> shown;
            try (SilenceTopic silences = SilenceTopic.open(connection.settings())) {
                shown = silences.list(all, Instant.now());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (shown.isEmpty()) {
                out.println(all ? "No silences." : "No silence holds now or later.");
            }
            shown.forEach(silence -> out.printf("%s  %s  %s  %s .. %s  by %s: %s%n", silence.getSilenceId(),
                    silence.getAddress(), silence.getDetector() == null ? "every detector" : silence.getDetector(),
                    silence.getStartsAt(), silence.getEndsAt(), silence.getCreatedBy(), silence.getComment()));
            return 0;
        }
    }

    @Command(name = "expire", description = "End silences now, by id.")
    static final class Expire implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids as 'flowsight silence list' shows them.")
        List<String> ids;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (SilenceTopic silences = SilenceTopic.open(connection.settings())) {
                silences.expire(ids, Instant.now());
            }
            spec.commandLine().getOut().println("Expired " + ids.size() + " silences.");
            return 0;
        }
    }
}
