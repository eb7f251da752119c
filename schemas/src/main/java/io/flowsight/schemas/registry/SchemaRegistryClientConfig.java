package io.flowsight.schemas.registry;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the schema-registry client. Keys mirror Confluent's, so a FlowSight configuration also
 * configures Confluent's own serdes.
 */
public class SchemaRegistryClientConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated URLs of Confluent-compatible schema "
            + "registries; the first that answers is used. Example: http://127.0.0.1:8081";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP basic-auth credentials come from: "
            + "USER_INFO (basic.auth.user.info) or URL (the user-info part of schema.registry.url).";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DEFAULT = "URL";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic auth when the credentials "
            + "source is USER_INFO.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_DOC = "Timeout of one HTTP request to the registry.";
    public static final int REQUEST_TIMEOUT_MS_DEFAULT = 10_000;

    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";
    public static final String MAX_RETRIES_DOC = "How many times a request is retried after an I/O error or a "
            + "5xx/429 answer; 4xx answers are never retried.";
    public static final int MAX_RETRIES_DEFAULT = 5;

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MS_DOC = "First wait before a retry; doubled after each failed try, "
            + "with jitter, up to schema.registry.retry.backoff.max.ms.";
    public static final int RETRY_BACKOFF_MS_DEFAULT = 100;

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between two retries.";
    public static final int RETRY_BACKOFF_MAX_MS_DEFAULT = 5_000;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    SCHEMA_REGISTRY_URL_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, BASIC_AUTH_CREDENTIALS_SOURCE_DEFAULT,
                    ConfigDef.ValidString.in("URL", "USER_INFO"), Importance.MEDIUM,
                    BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, REQUEST_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1),
                    Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, MAX_RETRIES_DEFAULT, ConfigDef.Range.atLeast(0),
                    Importance.LOW, MAX_RETRIES_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.INT, RETRY_BACKOFF_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                    Importance.LOW, RETRY_BACKOFF_MS_DOC)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.INT, RETRY_BACKOFF_MAX_MS_DEFAULT,
                    ConfigDef.Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC);

    public SchemaRegistryClientConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected SchemaRegistryClientConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props, false);
        if (urls().isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, "",
                    "Set schema.registry.url to at least one registry URL, e.g. http://127.0.0.1:8081.");
        }
        for (String url : getList(SCHEMA_REGISTRY_URL_CONFIG)) {
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, url,
                        "A schema registry URL must start with http:// or https://.");
            }
        }
        if ("USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG)) && userInfo().isEmpty()) {
            throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG, null,
                    "basic.auth.credentials.source=USER_INFO needs basic.auth.user.info=user:password.");
        }
    }

    /** The client's settings, for documentation and for configs that extend them. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public List<URI> urls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(SchemaRegistryClientConfig::withoutTrailingSlash)
                .map(URI::create)
                .toList();
    }

    /** {@code user:password} for basic auth, from the configured source. */
    public Optional<String> userInfo() {
        if ("USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
            return Optional.ofNullable(password).map(Password::value).filter(s -> !s.isEmpty());
        }
        return getList(SCHEMA_REGISTRY_URL_CONFIG).stream()
                .map(s -> URI.create(s.trim()).getRawUserInfo())
                .filter(s -> s != null && !s.isEmpty())
                .findFirst();
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG));
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getInt(RETRY_BACKOFF_MS_CONFIG));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getInt(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
