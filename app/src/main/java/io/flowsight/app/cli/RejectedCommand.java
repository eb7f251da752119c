package io.flowsight.app.cli;

import io.flowsight.queries.canned.CannedQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code flowsight rejected}. */
@Command(name = "rejected", description = "Rejected VPC traffic counted by source address, destination port or interface.")
public final class RejectedCommand implements Callable<Integer> {
    @Mixin
    CannedQueryOptions options;

    @Option(names = "--by", defaultValue = "src", paramLabel = "DIMENSION",
            description = "src (default), port or interface.")
    CannedQueries.RejectedBy by;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.run(spec.commandLine().getOut(), service -> CannedQueries.rejected(by, options.limit, options.range()));
        return 0;
    }
}
