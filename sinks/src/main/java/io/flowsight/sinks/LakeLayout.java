package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where lake files live: {@code <lake>/<table>/dt=YYYY-MM-DD/hour=HH/<topic>+<partition>+<startOffset>.<codec>.parquet}
 * (DESIGN.md section 5). A file is written as a hidden {@code .<name>.tmp} beside its final name, which no
 * reader globbing {@code *.parquet} sees.
 */
public final class LakeLayout {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final Pattern DATA_FILE = Pattern.compile("(.+)\\+(\\d+)\\+(\\d+)\\.([a-z]+)\\.parquet");
    private static final Pattern TEMP_FILE = Pattern.compile("\\.(.+)\\+(\\d+)\\+(\\d+)\\.([a-z]+)\\.parquet\\.tmp");

    /** A data file's identity, from its name. */
    public record DataFile(Path path, String topic, int partition, long startOffset, boolean temporary) {
    }

    private final Path root;

    public LakeLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path tableDirectory(LakeTable table) {
        return root.resolve(table.tableName());
    }

    /** The Hive partition directory of a record of {@code table} with partition time {@code time} (UTC). */
    public Path partitionDirectory(LakeTable table, Instant time) {
        return tableDirectory(table).resolve("dt=" + DAY.format(time)).resolve("hour=" + HOUR.format(time));
    }

    /** The Hive partition of a record of {@code table} with partition time {@code time} (UTC), relative to the lake. */
    public static String relativeDirectory(LakeTable table, Instant time) {
        return table.tableName() + "/dt=" + DAY.format(time) + "/hour=" + HOUR.format(time);
    }

    public static String fileName(String topic, int partition, long startOffset, String codec) {
        return topic + "+" + partition + "+" + startOffset + "." + codec + ".parquet";
    }

    public static Path temporaryPath(Path finalPath) {
        return finalPath.resolveSibling("." + finalPath.getFileName() + ".tmp");
    }

    /** Reads a data (or temporary) file's identity from its name; empty for any other file. */
    public static Optional<DataFile> parse(Path file) {
        String name = file.getFileName().toString();
        Matcher data = DATA_FILE.matcher(name);
        if (data.matches() && !name.startsWith(".")) {
            return Optional.of(new DataFile(file, data.group(1), Integer.parseInt(data.group(2)),
                    Long.parseLong(data.group(3)), false));
        }
        Matcher temp = TEMP_FILE.matcher(name);
        if (temp.matches()) {
            return Optional.of(new DataFile(file, temp.group(1), Integer.parseInt(temp.group(2)),
                    Long.parseLong(temp.group(3)), true));
        }
        return Optional.empty();
    }

    /** Every data and temporary file of {@code table}. */
    public List<DataFile> files(LakeTable table) throws IOException {
        Path directory = tableDirectory(table);
        List<DataFile> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).forEach(file -> parse(file).ifPresent(files::add));
        }
        return files;
    }
}
