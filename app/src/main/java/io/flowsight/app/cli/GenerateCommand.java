package io.flowsight.app.cli;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.demo.DemoDataGenerator.Label;
import io.flowsight.app.demo.DemoDataGenerator.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/** {@code flowsight generate}: demo logs with labelled attacks, laid out as AWS writes them to S3. */
@Command(name = "generate",
        description = "Write realistic demo logs for a small AWS fleet — gzipped VPC Flow Logs, CloudTrail and ALB "
                + "access logs, named and foldered as AWS delivers them — with labelled attacks (port scan, SSH "
                + "brute force, exfiltration, denied-API burst, console-login failures, credential stuffing) next "
                + "to benign heavy talkers, one malformed line per log family, and labels.json describing them.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into (created).")
    Path out;

    @Option(names = "--minutes", defaultValue = "15", paramLabel = "M",
            description = "Minutes of logs, at least " + DemoDataGenerator.MINIMUM_MINUTES + " (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed: the same seed and start give the same files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Time of the first minute, ISO-8601 UTC (default: today 00:00 UTC, so that generating again "
                    + "the same day gives the same files and a rerun of flowsight run adds nothing).")
    Instant start;

    @Option(names = "--flows-per-minute", defaultValue = "2000", paramLabel = "N",
            description = "Ordinary flow records a minute besides the scenarios' (default: ${DEFAULT-VALUE}); raise it "
                    + "for volume.")
    int flowsPerMinute;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (flowsPerMinute < 0) {
            throw new IllegalArgumentException("--flows-per-minute cannot be negative.");
        }
        Instant first = start != null ? start : Instant.now().truncatedTo(ChronoUnit.DAYS);
        Files.createDirectories(out);
        Labels labels = new DemoDataGenerator(out, first, minutes, seed, flowsPerMinute).generate();
        PrintWriter print = spec.commandLine().getOut();
        print.println("Wrote " + labels.records().get("vpc") + " flow records, " + labels.records().get("cloudtrail")
                + " CloudTrail events and " + labels.records().get("alb") + " ALB requests (" + minutes
                + " minutes from " + first + ") under " + out.toAbsolutePath().resolve("AWSLogs"));
        print.println("Planted (see " + out.resolve(DemoDataGenerator.LABELS_FILE) + "):");
        for (Label label : labels.scenarios()) {
            print.printf("  %-16s %-12s %s%n", label.address(), label.attack() ? label.detector() : "(benign)",
                    label.description());
        }
        return 0;
    }
}
