package io.flowsight.app.cli;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The {@code --type} and {@code --format} options that {@code parse} and {@code ingest} share. */
final class LogTypeOptions {

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Log type: vpc, alb, alb-conn (ALB connection logs) or cloudtrail.")
    String type;

    @Option(names = "--format", paramLabel = "FIELDS",
            description = "VPC flow-log format for lines before any header line, as the console shows it "
                    + "(\"$${version} $${srcaddr} ...\") or as plain names with hyphens or underscores "
                    + "(default: AWS's default v2 format).")
    String format;

    /** The {@code --type} given, which the command requires. */
    LogType logType() {
        return givenLogType().orElseThrow(() -> new IllegalArgumentException(
                "Give --type: vpc, alb, alb-conn or cloudtrail."));
    }

    /** The {@code --type} given, if any (where a command can tell the type per input). */
    Optional<LogType> givenLogType() {
        return Optional.ofNullable(type).map(LogType::fromCliName);
    }

    /** The flow-log format lines start with; a user error names the bad field. */
    VpcFlowLogFormat vpcFormat() {
        return vpcFormat(format, givenLogType());
    }

    /**
     * A {@code --format} value for inputs of {@code type} (empty: told per file), or the default format when none
     * is given; a user error names the bad field.
     */
    static VpcFlowLogFormat vpcFormat(String format, Optional<LogType> type) {
        if (format == null) {
            return VpcFlowLogFormat.DEFAULT;
        }
        if (type.isPresent() && type.get() != LogType.VPC) {
            throw new IllegalArgumentException("--format applies to --type vpc only.");
        }
        try {
            return VpcFlowLogFormat.parse(format);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
