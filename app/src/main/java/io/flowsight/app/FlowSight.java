package io.flowsight.app;

import io.flowsight.app.cli.AlertsCommand;
import io.flowsight.app.cli.BlocklistCommand;
import io.flowsight.app.cli.CompactCommand;
import io.flowsight.app.cli.DdlCommand;
import io.flowsight.app.cli.FindingsCommand;
import io.flowsight.app.cli.FriendlyErrors;
import io.flowsight.app.cli.GenerateCommand;
import io.flowsight.app.cli.HeartbeatCommand;
import io.flowsight.app.cli.IngestCommand;
import io.flowsight.app.cli.IpCommand;
import io.flowsight.app.cli.NotifyCommand;
import io.flowsight.app.cli.ParseCommand;
import io.flowsight.app.cli.QueryCommand;
import io.flowsight.app.cli.RegistryCommand;
import io.flowsight.app.cli.RespondCommand;
import io.flowsight.app.cli.RejectedCommand;
import io.flowsight.app.cli.RulesCommand;
import io.flowsight.app.cli.RunCommand;
import io.flowsight.app.cli.SilenceCommand;
import io.flowsight.app.cli.SinkCommand;
import io.flowsight.app.cli.StreamsCommand;
import io.flowsight.app.cli.TopTalkersCommand;
import io.flowsight.app.cli.VersionCommand;
import io.flowsight.app.cli.WatchlistCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flowsight} command. */
// INHERIT gives every subcommand, at any depth, the same -h/--help and -V/--version options.
@Command(name = "flowsight",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = BuildInfo.class,
        description = "Streaming analytics for AWS VPC Flow Logs, CloudTrail and ALB logs: Avro on Kafka, "
                + "Kafka Streams aggregations and alerts, a Parquet lake, SQL.",
        subcommands = {RunCommand.class, GenerateCommand.class, ParseCommand.class, IngestCommand.class, StreamsCommand.class, HeartbeatCommand.class,
                WatchlistCommand.class, RulesCommand.class, NotifyCommand.class, SilenceCommand.class,
                RespondCommand.class, BlocklistCommand.class,
                SinkCommand.class, CompactCommand.class,
                QueryCommand.class, TopTalkersCommand.class, RejectedCommand.class, AlertsCommand.class,
                FindingsCommand.class,
                IpCommand.class, DdlCommand.class, RegistryCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class FlowSight implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with FlowSight's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FlowSight());
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
