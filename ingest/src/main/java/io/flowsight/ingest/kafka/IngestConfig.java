package io.flowsight.ingest.kafka;

import io.flowsight.ingest.source.InflationLimit;
import io.flowsight.ingest.source.LineReader;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.Topic;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the ingester. Keys other than the ones declared here are Kafka client settings and go to the
 * producer, consumer and admin client as they are (e.g. {@code security.protocol}, {@code sasl.jaas.config}),
 * and to the serde ({@code basic.auth.user.info}, ...).
 */
public class IngestConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to, host:port[,host:port...].";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "URL of the Confluent-compatible schema registry.";

    public static final String TOPIC_PREFIX_CONFIG = "flowsight.topic.prefix";
    public static final String TOPIC_PREFIX_DOC = "Prefix of every FlowSight topic.";

    public static final String TOPIC_PARTITIONS_CONFIG = "flowsight.topic.partitions";
    public static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics FlowSight creates when they are "
            + "missing; the number of Kafka Streams instances that can share the work.";

    public static final String TOPIC_REPLICATION_CONFIG = "flowsight.topic.replication.factor";
    public static final String TOPIC_REPLICATION_DOC = "Replication factor of the topics FlowSight creates; -1 takes "
            + "the broker's default.replication.factor.";

    public static final String TRANSACTIONAL_ID_CONFIG = "flowsight.ingest.transactional.id";
    public static final String TRANSACTIONAL_ID_DOC = "Transactional id of the ingester. A restarted ingester with "
            + "the same id fences its predecessor and aborts what it left open; give each concurrent ingester its own.";

    public static final String TRANSACTION_MAX_RECORDS_CONFIG = "flowsight.ingest.transaction.max.records";
    public static final String TRANSACTION_MAX_RECORDS_DOC = "Records (including dead letters) after which the "
            + "ingester commits its transaction and the source positions it covers.";

    public static final String TRANSACTION_MAX_MS_CONFIG = "flowsight.ingest.transaction.max.ms";
    public static final String TRANSACTION_MAX_MS_DOC = "Longest time a transaction stays open; bounds how late "
            + "read_committed consumers see records.";

    public static final String MAX_LINE_BYTES_CONFIG = "flowsight.ingest.max.line.bytes";
    public static final String MAX_LINE_BYTES_DOC = "Longest line (or JSON event) read whole, in bytes. A longer one is "
            + "dead-lettered as line_too_long with its first bytes; the rest of it is skipped without being held in "
            + "memory.";

    public static final String MAX_DOCUMENT_BYTES_CONFIG = "flowsight.ingest.max.document.bytes";
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
    public static final String MAX_DOCUMENT_BYTES_DOC = "Largest CloudTrail log file (decompressed) parsed as one JSON "
            + "document, in bytes; it is held in memory while parsed. A larger one is dead-lettered as "
            + "document_too_large with its first bytes.";

    public static final String MAX_INFLATION_RATIO_CONFIG = "flowsight.ingest.max.inflation.ratio";
    public static final String MAX_INFLATION_RATIO_DOC = "Most a gzip input may inflate, as a multiple of its "
            + "compressed size, once past " + InflationLimit.DEFAULT_FLOOR_BYTES / (1024 * 1024) + " MiB of content. "
            + "An input beyond it (a gzip bomb or a corrupt object) is dead-lettered as decompression_bomb and not "
            + "read further. Log files inflate 5 to 20 times.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    BOOTSTRAP_SERVERS_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    SCHEMA_REGISTRY_URL_DOC)
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, Topic.DEFAULT_PREFIX, Importance.MEDIUM, TOPIC_PREFIX_DOC)
            .define(TOPIC_PARTITIONS_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    TOPIC_PARTITIONS_DOC)
            .define(TOPIC_REPLICATION_CONFIG, Type.SHORT, (short) -1, Importance.MEDIUM, TOPIC_REPLICATION_DOC)
            .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, "flowsight-ingest", Importance.MEDIUM,
                    TRANSACTIONAL_ID_DOC)
            .define(TRANSACTION_MAX_RECORDS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    TRANSACTION_MAX_RECORDS_DOC)
            .define(TRANSACTION_MAX_MS_CONFIG, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    TRANSACTION_MAX_MS_DOC)
            .define(MAX_LINE_BYTES_CONFIG, Type.INT, LineReader.DEFAULT_MAX_LINE_BYTES, ConfigDef.Range.atLeast(1024),
                    Importance.LOW, MAX_LINE_BYTES_DOC)
            .define(MAX_DOCUMENT_BYTES_CONFIG, Type.INT, DEFAULT_MAX_DOCUMENT_BYTES, ConfigDef.Range.between(1024,
                    Integer.MAX_VALUE - 8), Importance.LOW, MAX_DOCUMENT_BYTES_DOC)
            .define(MAX_INFLATION_RATIO_CONFIG, Type.INT, InflationLimit.DEFAULT_MAX_RATIO, ConfigDef.Range.atLeast(2),
                    Importance.LOW, MAX_INFLATION_RATIO_DOC);

    public IngestConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    public String topicName(Topic topic) {
        return topic.topicName(topicPrefix());
    }

    /** The compacted topic holding each source's position. */
    public String positionsTopic() {
        return topicPrefix() + "ingest.positions";
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS_CONFIG);
    }

    public short topicReplication() {
        return getShort(TOPIC_REPLICATION_CONFIG);
    }

    public String transactionalId() {
        return getString(TRANSACTIONAL_ID_CONFIG);
    }

    public int transactionMaxRecords() {
        return getInt(TRANSACTION_MAX_RECORDS_CONFIG);
    }

    public Duration transactionMaxTime() {
        return Duration.ofMillis(getInt(TRANSACTION_MAX_MS_CONFIG));
    }

    public int maxLineBytes() {
        return getInt(MAX_LINE_BYTES_CONFIG);
    }

    public int maxDocumentBytes() {
        return getInt(MAX_DOCUMENT_BYTES_CONFIG);
    }

    public InflationLimit inflationLimit() {
        return new InflationLimit(getInt(MAX_INFLATION_RATIO_CONFIG), InflationLimit.DEFAULT_FLOOR_BYTES);
    }

    /** The Kafka client and serde settings: everything given except FlowSight's own keys. */
    public Map<String, Object> clientProperties() {
        return ClientSettings.of(originals());
    }
}
