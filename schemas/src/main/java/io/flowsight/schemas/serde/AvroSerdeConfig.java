package io.flowsight.schemas.serde;

import io.flowsight.schemas.registry.SchemaRegistryClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of FlowSight's Avro serdes: the registry client's settings plus Confluent's serializer keys,
 * with the same names and defaults as Confluent's {@code KafkaAvroSerde}.
 */
public class AvroSerdeConfig extends SchemaRegistryClientConfig {

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Register the record's schema under the topic's subject "
            + "when serializing. Turn off where schemas are registered by a deployment pipeline.";

    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final String USE_LATEST_VERSION_DOC = "With auto.register.schemas=false: write with the latest "
            + "schema of the subject (converting the record to it) instead of looking up the record's own schema.";

    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
    public static final String LATEST_CACHE_TTL_SEC_DOC = "How long the latest version of a subject is cached when "
            + "use.latest.version is on.";
    public static final int LATEST_CACHE_TTL_SEC_DEFAULT = 60;

    public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE_DOC = "Generated Avro class the deserializer reads values "
            + "into. When unset, the class named by the writer schema is used.";

    public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_KEY_TYPE_DOC = "Generated Avro class the deserializer reads keys into.";

    private static final ConfigDef CONFIG = SchemaRegistryClientConfig.configDef()
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW, USE_LATEST_VERSION_DOC)
            .define(LATEST_CACHE_TTL_SEC_CONFIG, Type.INT, LATEST_CACHE_TTL_SEC_DEFAULT, ConfigDef.Range.atLeast(0),
                    Importance.LOW, LATEST_CACHE_TTL_SEC_DOC)
            .define(SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Type.CLASS, null, Importance.LOW, SPECIFIC_AVRO_VALUE_TYPE_DOC)
            .define(SPECIFIC_AVRO_KEY_TYPE_CONFIG, Type.CLASS, null, Importance.LOW, SPECIFIC_AVRO_KEY_TYPE_DOC);

    public AvroSerdeConfig(Map<String, ?> props) {
        super(CONFIG, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    /** The configured target class for keys or values, or null. */
    public Class<?> specificType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE_CONFIG : SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
    }

    public Duration latestCacheTtl() {
        return Duration.ofSeconds(getInt(LATEST_CACHE_TTL_SEC_CONFIG));
    }
}
