package io.flowsight.app.cli;

import io.flowsight.queries.canned.CannedQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code flowsight top-talkers}. */
@Command(name = "top-talkers", description = "The addresses that sent (or, with --dst, received) the most traffic.")
public final class TopTalkersCommand implements Callable<Integer> {
    @Mixin
    CannedQueryOptions options;

    @Option(names = "--by", defaultValue = "bytes", paramLabel = "MEASURE",
            description = "bytes (default), packets or flows.")
    CannedQueries.TalkerMeasure by;

    @Option(names = "--dst", description = "Rank destination addresses instead of sources.")
    boolean destination;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.run(spec.commandLine().getOut(),
                service -> CannedQueries.topTalkers(by, destination, options.limit, options.range()));
        return 0;
    }
}
