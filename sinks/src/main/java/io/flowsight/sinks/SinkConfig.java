package io.flowsight.sinks;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.S3Location;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.Topic;
import io.flowsight.sinks.parquet.ParquetSettings;
import io.flowsight.sinks.storage.LakeStorage;
import io.flowsight.sinks.storage.LocalLakeStorage;
import io.flowsight.sinks.storage.S3LakeStorage;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the lake sink. Keys other than FlowSight's {@code flowsight.*} ones are Kafka client and serde
 * settings, passed to the consumer as they are.
 */
public class SinkConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    public static final String LAKE_DIR_CONFIG = "flowsight.lake.dir";
    public static final String LAKE_DIR_DOC = "Where the lake is: a directory, or s3://bucket/prefix (S3 settings: "
            + "flowsight.aws.*, flowsight.s3.*).";

    public static final String STAGING_DIR_CONFIG = "flowsight.sink.staging.dir";
    public static final String STAGING_DIR_DOC = "For a lake on S3, the local directory files are written in before "
            + "they are uploaded (default: flowsight-sink-staging/<group id> in the system's temporary directory).";

    public static final String S3_PART_BYTES_CONFIG = "flowsight.sink.s3.part.bytes";
    public static final String S3_PART_BYTES_DOC = "For a lake on S3, files larger than this are uploaded in parts of "
            + "this size (at least 5 MiB); smaller ones with one PUT.";

    public static final String TOPIC_PREFIX_CONFIG = "flowsight.topic.prefix";
    public static final String TOPIC_PREFIX_DOC = "Prefix of FlowSight's topics.";

    public static final String TABLES_CONFIG = "flowsight.sink.tables";
    public static final String TABLES_DOC = "Tables to write (default: all of them).";

    public static final String GROUP_ID_CONFIG = "flowsight.sink.group.id";
    public static final String GROUP_ID_DOC = "Consumer group of the sink; its committed offsets are the lake's "
            + "bookkeeping, so keep it stable for a lake.";

    public static final String CODEC_CONFIG = "flowsight.parquet.codec";
    public static final String CODEC_DOC = "Parquet page compression: zstd (smallest files) or snappy (fastest).";

    public static final String ROW_GROUP_BYTES_CONFIG = "flowsight.parquet.row.group.bytes";
    public static final String ROW_GROUP_BYTES_DOC = "Target Parquet row-group size.";

    public static final String ROLL_MAX_BYTES_CONFIG = "flowsight.sink.roll.max.bytes";
    public static final String ROLL_MAX_BYTES_DOC = "A file reaching this size is committed (Athena reads files of "
            + "128 MB and more most efficiently).";

    public static final String ROLL_MAX_RECORDS_CONFIG = "flowsight.sink.roll.max.records";
    public static final String ROLL_MAX_RECORDS_DOC = "Records of a Kafka partition after which its files are committed.";

    public static final String ROLL_MAX_OPEN_MS_CONFIG = "flowsight.sink.roll.max.open.ms";
    public static final String ROLL_MAX_OPEN_MS_DOC = "Longest a file stays open: how stale the lake may get when "
            + "traffic is quiet (default 10 minutes).";

    public static final String MAX_OPEN_FILES_CONFIG = "flowsight.sink.max.open.files";
    public static final String MAX_OPEN_FILES_DOC = "Files open at once across the sink; beyond it the least recently "
            + "written is committed early, so late data touching many hours cannot exhaust the heap.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Kafka brokers to connect to.")
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "URL of the Confluent-compatible schema registry.")
            .define(LAKE_DIR_CONFIG, Type.STRING, "./flowsight-lake", Importance.HIGH, LAKE_DIR_DOC)
            .define(STAGING_DIR_CONFIG, Type.STRING, null, Importance.LOW, STAGING_DIR_DOC)
            .define(S3_PART_BYTES_CONFIG, Type.LONG, 16L << 20, ConfigDef.Range.atLeast(S3LakeStorage.MIN_PART_BYTES),
                    Importance.LOW, S3_PART_BYTES_DOC)
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, Topic.DEFAULT_PREFIX, Importance.MEDIUM, TOPIC_PREFIX_DOC)
            .define(TABLES_CONFIG, Type.LIST, Arrays.stream(LakeTable.values()).map(LakeTable::tableName).toList(),
                    Importance.MEDIUM, TABLES_DOC)
            .define(GROUP_ID_CONFIG, Type.STRING, "flowsight-sink", Importance.MEDIUM, GROUP_ID_DOC)
            .define(CODEC_CONFIG, Type.STRING, "zstd", ConfigDef.CaseInsensitiveValidString.in("zstd", "snappy"),
                    Importance.MEDIUM, CODEC_DOC)
            .define(ROW_GROUP_BYTES_CONFIG, Type.LONG, ParquetSettings.DEFAULT.rowGroupBytes(),
                    ConfigDef.Range.atLeast(1 << 20), Importance.LOW, ROW_GROUP_BYTES_DOC)
            .define(ROLL_MAX_BYTES_CONFIG, Type.LONG, RollPolicy.DEFAULT.maxBytes(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, ROLL_MAX_BYTES_DOC)
            .define(ROLL_MAX_RECORDS_CONFIG, Type.LONG, RollPolicy.DEFAULT.maxRecords(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, ROLL_MAX_RECORDS_DOC)
            .define(ROLL_MAX_OPEN_MS_CONFIG, Type.LONG, RollPolicy.DEFAULT.maxOpen().toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.MEDIUM, ROLL_MAX_OPEN_MS_DOC)
            .define(MAX_OPEN_FILES_CONFIG, Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    MAX_OPEN_FILES_DOC);

    public SinkConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        tables();
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** The lake as the user gave it: a directory or an {@code s3://} location. */
    public String lakeLocation() {
        return getString(LAKE_DIR_CONFIG);
    }

    public boolean lakeOnS3() {
        return S3Location.isS3(lakeLocation());
    }

    /**
     * The lake's directory, for work that needs a local lake (compaction, DuckDB queries).
     *
     * @throws IllegalArgumentException with what to do instead, for a lake on S3
     */
    public Path lakeDirectory() {
        if (lakeOnS3()) {
            throw new IllegalArgumentException("This command works on a local lake, and " + lakeLocation()
                    + " is on S3: size its files with " + ROLL_MAX_BYTES_CONFIG + " rather than compacting, and query "
                    + "it with Athena or Trino (flowsight ddl --location).");
        }
        return Path.of(lakeLocation());
    }

    /** The storage the sink writes to; the caller closes it. */
    public LakeStorage storage() {
        if (!lakeOnS3()) {
            return new LocalLakeStorage(Path.of(lakeLocation()));
        }
        String staging = getString(STAGING_DIR_CONFIG);
        Path stagingDirectory = staging != null ? Path.of(staging)
                : Path.of(System.getProperty("java.io.tmpdir"), "flowsight-sink-staging", groupId());
        return new S3LakeStorage(new AwsClientConfig(originals()).newS3Client(), S3Location.parse(lakeLocation()),
                stagingDirectory, getLong(S3_PART_BYTES_CONFIG));
    }

    public List<LakeTable> tables() {
        return getList(TABLES_CONFIG).stream().map(LakeTable::fromName).toList();
    }

    public String topicName(LakeTable table) {
        return table.topic().topicName(topicPrefix());
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    public String groupId() {
        return getString(GROUP_ID_CONFIG);
    }

    public ParquetSettings parquet() {
        return new ParquetSettings(CompressionCodecName.valueOf(getString(CODEC_CONFIG).toUpperCase(Locale.ROOT)),
                getLong(ROW_GROUP_BYTES_CONFIG), ParquetSettings.DEFAULT.pageBytes());
    }

    public RollPolicy roll() {
        return new RollPolicy(getLong(ROLL_MAX_BYTES_CONFIG), getLong(ROLL_MAX_RECORDS_CONFIG),
                Duration.ofMillis(getLong(ROLL_MAX_OPEN_MS_CONFIG)));
    }

    public int maxOpenFiles() {
        return getInt(MAX_OPEN_FILES_CONFIG);
    }

    /** Kafka client and serde settings: everything given except FlowSight's own keys. */
    public Map<String, Object> clientProperties() {
        return ClientSettings.of(originals());
    }
}
