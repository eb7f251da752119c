package io.flowsight.app.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes realistic demo logs the way AWS delivers them to S3: gzipped VPC Flow Logs with their header line,
 * CloudTrail {@code Records} files and ALB access logs, one object per log family and five minutes, named and
 * foldered as AWS names them ({@code AWSLogs/<account>/<service>/<region>/YYYY/MM/DD/…}). The labelled
 * {@link Scenario}s are planted in them, one malformed line or event per family is planted in the first files,
 * and {@value #LABELS_FILE} records both, with the record counts, for checking what FlowSight found.
 */
public final class DemoDataGenerator {
    public static final String LABELS_FILE = "labels.json";
    /** The exfiltration must come after ten minutes of the host's ordinary traffic (the baseline's history). */
    public static final int MINIMUM_MINUTES = 13;
    private static final int MINUTES_PER_OBJECT = 5;
    private static final DateTimeFormatter DAY_FOLDERS = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OBJECT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /** What was generated, as written to {@value #LABELS_FILE}. */
    public record Labels(String start, int minutes, long seed, Map<String, Long> records,
                         Map<String, Integer> malformed, List<Label> scenarios) {
    }

    /** One planted behaviour: its address, the log it shows in, and the detector expected to alert (or none). */
    public record Label(String scenario, String address, String log, String detector, boolean attack,
                        String description) {
    }

    private final Path out;
    private final Instant start;
    private final int minutes;
    private final long seed;
    private final DemoFleet fleet = new DemoFleet();
    private final VpcFlowDemo flows;
    private final CloudTrailDemo cloudTrail;
    private final AlbDemo alb;
    private final JsonFactory json = new JsonFactory();

    /**
     * @param flowsPerMinute background flows a minute, on top of the scenarios' (volume for benchmarks)
     */
    public DemoDataGenerator(Path out, Instant start, int minutes, long seed, int flowsPerMinute) {
        if (minutes < MINIMUM_MINUTES) {
            throw new IllegalArgumentException("--minutes must be at least " + MINIMUM_MINUTES
                    + ": the exfiltration scenario needs ten minutes of ordinary traffic before it.");
        }
        this.out = out;
        this.start = start.truncatedTo(ChronoUnit.MINUTES);
        this.minutes = minutes;
        this.seed = seed;
        this.flows = new VpcFlowDemo(fleet, flowsPerMinute);
        this.cloudTrail = new CloudTrailDemo(60);
        this.alb = new AlbDemo(fleet, 300);
    }

    public Labels generate() throws IOException {
        for (int first = 0; first < minutes; first += MINUTES_PER_OBJECT) {
            int last = Math.min(minutes, first + MINUTES_PER_OBJECT);
            writeFlowObject(first, last);
            writeCloudTrailObject(first, last);
            writeAlbObject(first, last);
        }
        Map<String, Long> records = new LinkedHashMap<>();
        records.put("vpc", flows.written());
        records.put("cloudtrail", cloudTrail.written());
        records.put("alb", alb.written());
        Labels labels = new Labels(start.toString(), minutes, seed, records, Map.of("vpc", 1, "cloudtrail", 1, "alb", 1),
                Arrays.stream(Scenario.values()).map(s -> new Label(s.name().toLowerCase(), s.address(), s.log(),
                        s.detector(), s.attack(), s.description())).toList());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve(LABELS_FILE).toFile(), labels);
        return labels;
    }

    private void writeFlowObject(int first, int last) throws IOException {
        Instant end = minute(last);
        Path file = object("vpcflowlogs", end, DemoFleet.ACCOUNT + "_vpcflowlogs_" + DemoFleet.REGION + "_"
                + DemoFleet.FLOW_LOG_ID + "_" + OBJECT_TIME.format(end) + "_" + hash("vpc", first) + ".log.gz");
        try (Writer writer = gzipWriter(file)) {
            writer.write(VpcFlowDemo.HEADER);
            writer.write('\n');
            for (int m = first; m < last; m++) {
                flows.writeMinute(writer, minute(m), m, minutes, random("vpc", m));
                if (m == 0) {
                    writer.write(VpcFlowDemo.malformedLine());
                    writer.write('\n');
                }
            }
        }
    }

    private void writeCloudTrailObject(int first, int last) throws IOException {
        Instant end = minute(last);
        Path file = object("CloudTrail", end, DemoFleet.ACCOUNT + "_CloudTrail_" + DemoFleet.REGION + "_"
                + OBJECT_TIME.format(end) + "_" + hash("cloudtrail", first) + ".json.gz");
        try (OutputStream stream = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
             JsonGenerator generator = json.createGenerator(stream)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("Records");
            for (int m = first; m < last; m++) {
                cloudTrail.writeMinute(generator, minute(m), m, random("cloudtrail", m));
                if (m == 0) {
                    CloudTrailDemo.writeMalformedEvent(generator);
                }
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    private void writeAlbObject(int first, int last) throws IOException {
        Instant end = minute(last);
        Path file = object("elasticloadbalancing", end, DemoFleet.ACCOUNT + "_elasticloadbalancing_"
                + DemoFleet.REGION + "_app.shop-frontend.50dc6c495c0c9188_" + OBJECT_TIME.format(end)
                + "_10.0.0.5_" + hash("alb", first) + ".log.gz");
        try (Writer writer = gzipWriter(file)) {
            for (int m = first; m < last; m++) {
                alb.writeMinute(writer, minute(m), m, random("alb", m));
                if (m == 0) {
                    writer.write(AlbDemo.malformedLine(minute(m)));
                    writer.write('\n');
                }
            }
        }
    }

    private Instant minute(int index) {
        return start.plus(index, ChronoUnit.MINUTES);
    }

    private Path object(String service, Instant time, String name) throws IOException {
        Path folder = out.resolve("AWSLogs").resolve(DemoFleet.ACCOUNT).resolve(service).resolve(DemoFleet.REGION)
                .resolve(DAY_FOLDERS.format(time));
        Files.createDirectories(folder);
        return folder.resolve(name);
    }

    /** Each family and minute has its own stream of random numbers, so the data depends on the seed only. */
    private SplittableRandom random(String family, int minute) {
        return new SplittableRandom(seed * 1_000_003L + family.hashCode() * 31L + minute);
    }

    private String hash(String family, int minute) {
        return String.format("%08x", (int) random(family, minute).nextLong());
    }

    private static Writer gzipWriter(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024),
                StandardCharsets.UTF_8), 256 * 1024);
    }
}
