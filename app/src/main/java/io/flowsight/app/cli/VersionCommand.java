package io.flowsight.app.cli;

import io.flowsight.app.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowsight version}. */
@Command(name = "version", description = "Print FlowSight's version and the Kafka, Avro and Java versions it runs on.")
public final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (String line : new BuildInfo().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }
}
