package io.flowsight.app.cli;

import io.flowsight.app.runtime.InputLocations;
import io.flowsight.aws.S3Location;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.parse.EnvelopedLines;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.source.DecompressingInput;
import io.flowsight.ingest.source.InflationLimit;
import io.flowsight.ingest.source.InflationLimitExceeded;
import io.flowsight.ingest.source.LineReader;
import io.flowsight.ingest.source.LogTextReaders;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import org.apache.avro.generic.IndexedRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code flowsight parse}: parses log files and prints each record as one line of plain JSON, each rejected
 * line on stderr with its reason — the way users check a log and its format before ingesting it.
 */
@Command(name = "parse",
        description = "Parse log files (plain or gzipped; s3://bucket/prefix for every object under it; - for "
                + "stdin) and print each record as one JSON "
                + "object per line; rejected lines go to stderr as 'FILE line N: reason'. JSON inputs (CloudWatch Logs "
                + "events, CloudTrail files) may be on one line or pretty-printed.")
public final class ParseCommand implements Callable<Integer> {

    @Mixin
    LogTypeOptions logTypeOptions;

    @Option(names = "--strict", description = "Exit with status 3 when any line was rejected.")
    boolean strict;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files or s3://bucket/prefix locations to read; - or none reads stdin. S3 settings "
                    + "come from the AWS environment and FLOWSIGHT_SET_AWS_* and FLOWSIGHT_SET_S3_* variables.")
    List<String> files = List.of();

    @Spec
    CommandSpec spec;

    private long parsed;
    private long rejected;

    @Override
    public Integer call() throws Exception {
        LogType logType = logTypeOptions.logType();
        VpcFlowLogFormat vpcFormat = logTypeOptions.vpcFormat();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String file : files.isEmpty() ? List.of("-") : files) {
            if (S3Location.isS3(file)) {
                try (InputLocations objects = new InputLocations(List.of(file), null, Optional.empty(),
                        ConfigFile.readWithEnvironment(null))) {
                    for (Source object : objects.sources()) {
                        try (InputStream in = object.open(0)) {
                            parse(object.name(), in, logType, vpcFormat, out, err);
                        }
                    }
                }
                continue;
            }
            try (InputStream in = open(file)) {
                parse(file, in, logType, vpcFormat, out, err);
            }
        }
        out.flush();
        err.println(parsed + " parsed, " + rejected + " rejected");
        err.flush();
        return strict && rejected > 0 ? 3 : 0;
    }

    private void parse(String name, InputStream in, LogType logType, VpcFlowLogFormat vpcFormat, PrintWriter out,
                       PrintWriter err) throws IOException {
        if (logType.lineOriented()) {
            parse(name, in, logType.newLineParser(vpcFormat), out, err);
        } else {
            parseCloudTrail(name, in, out, err);
        }
    }

    private void parse(String name, InputStream in, LineParser<?> parser, PrintWriter out, PrintWriter err)
            throws IOException {
        LineReader reader = LogTextReaders.open(InflationLimit.DEFAULT.guard(DecompressingInput.open(in)), 0, 0,
                LineReader.DEFAULT_MAX_LINE_BYTES);
        String label = name.equals("-") ? "stdin" : name;
        String line;
        while ((line = nextLine(reader, label, err)) != null) {
            long lineNumber = reader.lineNumber();
            if (reader.lineTooLong()) {
                reject(label + " line " + lineNumber, reader.lineTooLongError(), err);
                continue;
            }
            EnvelopedLines.Handler handler = new EnvelopedLines.Handler() {
                @Override
                public void record(Object record) {
                    out.println(PlainJson.of((IndexedRecord) record));
                    parsed++;
                }

                @Override
                public void rejected(String text, ParseException error) {
                    reject(label + " line " + lineNumber, error, err);
                }

                @Override
                public void controlMessage() {
                    err.println(label + " line " + lineNumber + ": CloudWatch Logs CONTROL_MESSAGE, no log lines: skipped");
                }
            };
            if (reader.jsonValue()) {
                EnvelopedLines.parseJsonValue(line, parser, handler);
            } else {
                EnvelopedLines.parse(line, parser, handler);
            }
        }
    }

    /** The next line, or null at the end or where a gzip bomb is cut off (reported as a rejection). */
    private String nextLine(LineReader reader, String label, PrintWriter err) throws IOException {
        try {
            return reader.next();
        } catch (InflationLimitExceeded bomb) {
            reject(label, bomb.rejection(), err);
            return null;
        }
    }

    private void reject(String where, ParseException error, PrintWriter err) {
        rejected++;
        err.println(where + ": " + error.reason().code() + ": " + error.getMessage());
    }

    private void parseCloudTrail(String name, InputStream in, PrintWriter out, PrintWriter err) throws IOException {
        String label = name.equals("-") ? "stdin" : name;
        byte[] bytes;
        try {
            bytes = InflationLimit.DEFAULT.guard(DecompressingInput.open(in))
                    .readNBytes(IngestConfig.DEFAULT_MAX_DOCUMENT_BYTES + 1);
        } catch (InflationLimitExceeded bomb) {
            reject(label, bomb.rejection(), err);
            return;
        }
        if (bytes.length > IngestConfig.DEFAULT_MAX_DOCUMENT_BYTES) {
            reject(label, CloudTrailParser.documentTooLarge(IngestConfig.DEFAULT_MAX_DOCUMENT_BYTES), err);
            return;
        }
        CloudTrailParser.Document document;
        try {
            document = new CloudTrailParser().parseDocument(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            reject(label, e, err);
            return;
        }
        if (document.digest()) {
            err.println(label + ": a CloudTrail digest file (integrity validation), not events: skipped");
        }
        for (CloudTrailParser.Outcome outcome : document.events()) {
            if (outcome.parsed()) {
                out.println(PlainJson.of(outcome.event()));
                parsed++;
            } else {
                reject(label + " event " + (outcome.index() + 1), outcome.error(), err);
            }
        }
    }

    private static InputStream open(String file) throws IOException {
        if (file.equals("-")) {
            return System.in;
        }
        try {
            return Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file, null, "no such file: check the path");
        }
    }
}
