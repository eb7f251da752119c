package io.flowsight.app.cli;

import io.flowsight.queries.canned.CannedQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code flowsight findings}. */
@Command(name = "findings", description = "The latest detection-rule findings (Sigma rules over CloudTrail and ALB "
        + "logs), newest first, with each rule's level, title and author.")
public final class FindingsCommand implements Callable<Integer> {
    @Mixin
    CannedQueryOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.run(spec.commandLine().getOut(), service -> CannedQueries.findings(options.limit, options.range()));
        return 0;
    }
}
