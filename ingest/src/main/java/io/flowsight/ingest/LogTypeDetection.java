package io.flowsight.ingest;

import io.flowsight.ingest.source.DecompressingInput;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells which kind of log a file holds, first from the object name AWS gives it (S3 delivery names every log
 * family differently), then from its first line. Used where users hand over mixed folders, as
 * {@code flowsight run} does; a file neither tells is left for the user to type with {@code --type}.
 */
public final class LogTypeDetection {
    private static final Set<String> ALB_REQUEST_TYPES = Set.of("http", "https", "h2", "grpcs", "ws", "wss");
    private static final Pattern ISO_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final int DEFAULT_FORMAT_FIELDS = VpcFlowLogFormat.DEFAULT.headerLine().split(" ").length;
    private static final int MAX_LINES_LOOKED_AT = 5;

    private LogTypeDetection() {
    }

    /**
     * The log type AWS's object naming gives {@code fileName}: {@code …_vpcflowlogs_…}, {@code …_CloudTrail_…}
     * (and {@code _CloudTrail-Digest_}), {@code …_elasticloadbalancing_…}, whose connection logs start with
     * {@code conn_log.}.
     */
    public static Optional<LogType> fromObjectName(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (name.contains("_vpcflowlogs_")) {
            return Optional.of(LogType.VPC);
        }
        if (name.contains("_CloudTrail_") || name.contains("_CloudTrail-Digest_")) {
            return Optional.of(LogType.CLOUDTRAIL);
        }
        if (name.contains("_elasticloadbalancing_")) {
            return Optional.of(name.startsWith("conn_log.") ? LogType.ALB_CONNECTIONS : LogType.ALB);
        }
        return Optional.empty();
    }

    /**
     * The log type the first non-blank line of {@code content} (plain or gzipped) shows: JSON is CloudTrail; a
     * flow-log header, or a version-2 default-format record, is VPC; a request type then a timestamp is an ALB
     * access log; a timestamp then a client address is an ALB connection log.
     */
    public static Optional<LogType> fromContent(InputStream content) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(DecompressingInput.open(content),
                StandardCharsets.UTF_8));
        for (int looked = 0; looked < MAX_LINES_LOOKED_AT; looked++) {
            String line = reader.readLine();
            if (line == null) {
                return Optional.empty();
            }
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                return fromFirstLine(trimmed);
            }
        }
        return Optional.empty();
    }

    /** The name first, the content when the name says nothing. */
    public static Optional<LogType> detect(String fileName, InputStream content) throws IOException {
        Optional<LogType> byName = fromObjectName(fileName);
        return byName.isPresent() ? byName : fromContent(content);
    }

    private static Optional<LogType> fromFirstLine(String line) {
        if (line.startsWith("{") || line.startsWith("[")) {
            return Optional.of(LogType.CLOUDTRAIL);
        }
        List<String> tokens = Arrays.asList(line.split("\\s+"));
        if (VpcFlowLogFormat.looksLikeHeader(tokens) || isDefaultFormatFlow(tokens)) {
            return Optional.of(LogType.VPC);
        }
        if (tokens.size() > 2 && ALB_REQUEST_TYPES.contains(tokens.get(0).toLowerCase(Locale.ROOT))
                && ISO_TIMESTAMP.matcher(tokens.get(1)).matches()) {
            return Optional.of(LogType.ALB);
        }
        if (tokens.size() > 2 && ISO_TIMESTAMP.matcher(tokens.get(0)).matches()
                && (tokens.get(1).contains(".") || tokens.get(1).contains(":"))) {
            return Optional.of(LogType.ALB_CONNECTIONS);
        }
        return Optional.empty();
    }

    /** {@code 2 <account-id> <interface> …}: fourteen values, as the default format writes them. */
    private static boolean isDefaultFormatFlow(List<String> tokens) {
        return tokens.size() == DEFAULT_FORMAT_FIELDS && tokens.get(0).equals("2")
                && (DIGITS.matcher(tokens.get(1)).matches() || tokens.get(1).equals("unknown"));
    }
}
