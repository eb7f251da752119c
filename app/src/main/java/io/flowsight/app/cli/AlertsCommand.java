package io.flowsight.app.cli;

import io.flowsight.queries.canned.CannedQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code flowsight alerts}. */
@Command(name = "alerts", description = "The latest suspicious-IP alerts.")
public final class AlertsCommand implements Callable<Integer> {
    @Mixin
    CannedQueryOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.run(spec.commandLine().getOut(), service -> CannedQueries.alerts(options.limit, options.range()));
        return 0;
    }
}
