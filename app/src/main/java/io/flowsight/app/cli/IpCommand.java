package io.flowsight.app.cli;

import io.flowsight.queries.canned.CannedQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.HashSet;
import java.util.concurrent.Callable;

/** {@code flowsight ip ADDRESS}. */
@Command(name = "ip", description = "Everything the lake knows about one address, as a timeline: its flows, "
        + "CloudTrail calls and ALB requests from it, and alerts on it.")
public final class IpCommand implements Callable<Integer> {
    @Mixin
    CannedQueryOptions options;

    @Parameters(paramLabel = "ADDRESS", description = "An IPv4 or IPv6 address.")
    String address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.run(spec.commandLine().getOut(),
                service -> CannedQueries.ip(address, options.range(), new HashSet<>(service.tables())));
        return 0;
    }
}
