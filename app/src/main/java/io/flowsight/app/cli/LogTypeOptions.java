package io.flowsight.app.cli;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import picocli.CommandLine.Option;

/** The {@code --type} and {@code --format} options that {@code parse} and {@code ingest} share. */
final class LogTypeOptions {

    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "Log type: vpc, alb, alb-conn (ALB connection logs) or cloudtrail.")
    String type;

    @Option(names = "--format", paramLabel = "FIELDS",
            description = "VPC flow-log format for lines before any header line, as the console shows it "
                    + "(\"$${version} $${srcaddr} ...\") or as plain names with hyphens or underscores "
                    + "(default: AWS's default v2 format).")
    String format;

    LogType logType() {
        return LogType.fromCliName(type);
    }

    /** The flow-log format lines start with; a user error names the bad field. */
    VpcFlowLogFormat vpcFormat() {
        if (format == null) {
            return VpcFlowLogFormat.DEFAULT;
        }
        if (logType() != LogType.VPC) {
            throw new IllegalArgumentException("--format applies to --type vpc only.");
        }
        try {
            return VpcFlowLogFormat.parse(format);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
