package io.flowsight.app.demo;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.LogTypeDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoDataGeneratorTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path first;
    @TempDir
    Path second;

    @Test
    void writesAwsNamedGzippedObjectsFiveMinutesEach(@TempDir Path out) throws IOException {
        DemoDataGenerator.Labels labels = new DemoDataGenerator(out, START, 15, 7, 100).generate();

        Map<LogType, Integer> objects = new EnumMap<>(LogType.class);
        for (Path file : files(out)) {
            if (file.getFileName().toString().equals(DemoDataGenerator.LABELS_FILE)) {
                continue;
            }
            assertThat(out.relativize(file).toString()).startsWith("AWSLogs/123456789012/").contains("/2026/11/22/");
            LogType type = LogTypeDetection.fromObjectName(file.getFileName().toString()).orElseThrow();
            objects.merge(type, 1, Integer::sum);
            try (var in = new GZIPInputStream(Files.newInputStream(file))) {
                assertThat(in.read()).as("gzipped " + file).isNotNegative();
            }
        }
        assertThat(objects).containsOnly(Map.entry(LogType.VPC, 3), Map.entry(LogType.CLOUDTRAIL, 3),
                Map.entry(LogType.ALB, 3));
        // 100 ordinary flows, 20 backup and 10 exfiltrator flows a minute; 300 scan flows, 3 x 60 SSH, 40 big ones.
        assertThat(labels.records().get("vpc")).isEqualTo(15 * 130 + 300 + 180 + 40);
        assertThat(lines(out, "vpcflowlogs")).isEqualTo(15 * 130 + 300 + 180 + 40 + 3 + 1);
        assertThat(labels.records().get("alb")).isEqualTo(15 * 700 + 300);
        assertThat(lines(out, "elasticloadbalancing")).isEqualTo(15 * 700 + 300 + 1);
        assertThat(labels.scenarios()).filteredOn(DemoDataGenerator.Label::attack).hasSize(6);
        assertThat(out.resolve(DemoDataGenerator.LABELS_FILE)).content().contains("\"198.51.100.23\"", "\"port_scan\"");
    }

    @Test
    void theSameSeedAndStartGiveTheSameFiles() throws IOException {
        new DemoDataGenerator(first, START, 13, 42, 50).generate();
        new DemoDataGenerator(second, START, 13, 42, 50).generate();
        List<Path> firstFiles = files(first);
        assertThat(firstFiles).hasSize(10);
        for (Path file : firstFiles) {
            Path twin = second.resolve(first.relativize(file));
            assertThat(twin).exists();
            assertThat(ungzipped(twin)).isEqualTo(ungzipped(file));
        }
    }

    @Test
    void tooFewMinutesForTheBaselineIsRefused(@TempDir Path out) {
        assertThatThrownBy(() -> new DemoDataGenerator(out, START, 5, 1, 10))
                .hasMessageContaining("--minutes must be at least 13");
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static long lines(Path root, String service) throws IOException {
        long lines = 0;
        for (Path file : files(root.resolve("AWSLogs/123456789012").resolve(service))) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                lines += reader.lines().count();
            }
        }
        return lines;
    }

    private static byte[] ungzipped(Path file) throws IOException {
        if (!file.toString().endsWith(".gz")) {
            return Files.readAllBytes(file);
        }
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
