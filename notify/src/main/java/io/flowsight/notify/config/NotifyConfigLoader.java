package io.flowsight.notify.config;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.Destination;
import io.flowsight.notify.HttpTransport;
import io.flowsight.notify.NotificationFilter;
import io.flowsight.notify.Receiver;
import io.flowsight.notify.RetryPolicy;
import io.flowsight.notify.Secret;
import io.flowsight.schemas.Severity;
import io.flowsight.notify.receiver.AlertmanagerReceiver;
import io.flowsight.notify.receiver.PagerDutyReceiver;
import io.flowsight.notify.receiver.SecurityHubReceiver;
import io.flowsight.notify.receiver.SlackReceiver;
import io.flowsight.notify.receiver.SnsReceiver;
import io.flowsight.notify.receiver.SnsTopicArn;
import io.flowsight.notify.receiver.WebhookFormat;
import io.flowsight.notify.receiver.WebhookReceiver;
import io.flowsight.notify.receiver.WebhookSigningKey;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads a notify YAML file into a {@link NotifyConfig}, or reports every mistake in it at once
 * ({@link NotifyConfigException}). Secrets are never written in the file: they are {@code ${NAME}} references,
 * resolved through the environment map given here (the process environment in production, a plain map in tests).
 */
public final class NotifyConfigLoader {
    static final List<String> TOP_LEVEL_KEYS = List.of("flowsight-url", "http", "retry", "destinations");
    static final List<String> HTTP_KEYS = List.of("connect-timeout", "request-timeout");
    static final List<String> RETRY_KEYS = List.of("max-attempts", "base-delay", "max-delay");
    static final List<String> COMMON_KEYS = List.of("name", "type", "min-severity", "detectors", "min-interval",
            "retry");

    private static final String DESTINATION_EXAMPLE = "- name: soc-slack";

    private final Map<String, String> environment;

    public NotifyConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static NotifyConfigLoader withSystemEnvironment() {
        return new NotifyConfigLoader(System.getenv());
    }

    public NotifyConfig load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** @param source what to call the text in the error message, e.g. its file name */
    public NotifyConfig parse(String yaml, String source) {
        return parse(yaml, source, List.of());
    }

    /**
     * The configuration of {@code yaml} (which may be empty) with {@code extraDestinations} appended to its
     * destinations, each a mapping of the keys a destination in the file has, validated alike: the command line's
     * shorthands ({@code --alertmanager URL}, {@code --webhook URL}).
     */
    public NotifyConfig parse(String yaml, String source, List<Map<String, Object>> extraDestinations) {
        List<String> problems = new ArrayList<>();
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            document = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            throw new NotifyConfigException(source, List.of("The file is not valid YAML: " + e.getProblem()
                    + " at line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1) + "."));
        } catch (YAMLException e) {
            throw new NotifyConfigException(source, List.of("The file is not valid YAML: " + e.getMessage() + "."));
        }
        if (document == null) {
            document = Map.of();
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new NotifyConfigException(source, List.of("The file must be a mapping of settings, starting with "
                    + "e.g. \"destinations:\"."));
        }
        if (!extraDestinations.isEmpty()) {
            Map<Object, Object> withExtras = new LinkedHashMap<>(root);
            List<Object> destinations = new ArrayList<>();
            if (root.get("destinations") instanceof List<?> written) {
                destinations.addAll(written);
            }
            destinations.addAll(extraDestinations);
            withExtras.put("destinations", destinations);
            root = withExtras;
        }
        NotifyConfig config = read(new YamlSection("", root, problems, environment));
        if (!problems.isEmpty()) {
            throw new NotifyConfigException(source, problems);
        }
        return config;
    }

    private NotifyConfig read(YamlSection root) {
        AlertLink link = root.string("flowsight-url").flatMap(url -> httpUrl(root, "flowsight-url", url, false))
                .map(AlertLink::under).orElse(AlertLink.none());

        Duration connectTimeout = HttpTransport.DEFAULT_CONNECT_TIMEOUT;
        Duration requestTimeout = HttpTransport.DEFAULT_REQUEST_TIMEOUT;
        Optional<YamlSection> http = root.section("http", "connect-timeout: 5s");
        if (http.isPresent()) {
            connectTimeout = positive(http.get(), "connect-timeout").orElse(connectTimeout);
            requestTimeout = positive(http.get(), "request-timeout").orElse(requestTimeout);
            http.get().rejectUnknownKeys("http", HTTP_KEYS);
        }

        RetryPolicy retry = root.section("retry", "max-attempts: 5")
                .map(section -> retryPolicy(section, RetryPolicy.DEFAULT)).orElse(RetryPolicy.DEFAULT);

        List<Destination> destinations = new ArrayList<>();
        Map<String, String> pathsByName = new HashMap<>();
        for (YamlSection section : root.sections("destinations", DESTINATION_EXAMPLE)) {
            destination(section, retry, link, pathsByName).ifPresent(destinations::add);
        }
        root.rejectUnknownKeys("the notify configuration", TOP_LEVEL_KEYS);
        return new NotifyConfig(connectTimeout, requestTimeout, retry, link, destinations);
    }

    private Optional<Destination> destination(YamlSection section, RetryPolicy defaultRetry, AlertLink link,
                                              Map<String, String> pathsByName) {
        Optional<String> name = section.string("name");
        if (name.isEmpty()) {
            section.problem(section.keyPath("name") + " is missing: give each destination a name, e.g. soc-slack.");
        } else if (!Destination.NAME.matcher(name.get()).matches()) {
            section.problem(section.keyPath("name") + " \"" + name.get() + "\" is not a plain name: use lower-case "
                    + "letters, digits, - and _ (it becomes a metric tag).");
            name = Optional.empty();
        } else if (pathsByName.containsKey(name.get())) {
            section.problem(section.keyPath("name") + " \"" + name.get() + "\" is already the name of "
                    + pathsByName.get(name.get()) + ": give each destination its own name.");
            name = Optional.empty();
        } else {
            pathsByName.put(name.get(), section.path());
        }

        Optional<DestinationType> type = section.string("type").flatMap(text -> {
            Optional<DestinationType> known = DestinationType.fromConfigName(text);
            if (known.isEmpty()) {
                section.problem(section.keyPath("type") + " \"" + text + "\" is not a destination type: use "
                        + DestinationType.choices() + ".");
            }
            return known;
        });
        if (!section.has("type")) {
            section.problem(section.keyPath("type") + " is missing: set it to " + DestinationType.choices() + ".");
        }

        Severity minimum = section.string("min-severity").flatMap(text -> {
            Optional<Severity> severity = Severity.fromWireName(text);
            if (severity.isEmpty()) {
                section.problem(section.keyPath("min-severity") + " \"" + text + "\" is not a severity: use "
                        + Severity.choices() + ".");
            }
            return severity;
        }).orElse(Severity.LOW);
        List<String> detectors = section.stringList("detectors", "[port_scan, brute_force]").orElse(List.of());
        NotificationFilter filter = new NotificationFilter(minimum, new LinkedHashSet<>(detectors));

        RetryPolicy retry = section.section("retry", "max-attempts: 5")
                .map(retrySection -> retryPolicy(retrySection, defaultRetry)).orElse(defaultRetry);
        Duration defaultInterval = type.filter(t -> t == DestinationType.SLACK)
                .map(t -> SlackReceiver.DEFAULT_MINIMUM_INTERVAL).orElse(Duration.ZERO);
        Duration minimumInterval = section.duration("min-interval").orElse(defaultInterval);

        Optional<Receiver> receiver = type.flatMap(t -> t.read(section, link));
        // Without a known type the keys that belong cannot be told apart; the type's own problem says enough.
        type.ifPresent(t -> section.rejectUnknownKeys(t.described(), t.keys));
        if (name.isEmpty() || receiver.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Destination(name.get(), filter, receiver.get(), retry, minimumInterval));
    }

    /** The kinds of destination, each with the keys it takes beyond the common ones and how to read its receiver. */
    enum DestinationType {
        ALERTMANAGER("alertmanager", List.of("url", "resend-interval", "resolve-timeout"),
                NotifyConfigLoader::alertmanager),
        WEBHOOK("webhook", List.of("url", "secret", "format"), NotifyConfigLoader::webhook),
        SLACK("slack", List.of("url"), NotifyConfigLoader::slack),
        PAGERDUTY("pagerduty", List.of("routing-key", "url"), NotifyConfigLoader::pagerDuty),
        SNS("sns", List.of("topic-arn", "endpoint", "access-key-id", "secret-access-key"), NotifyConfigLoader::sns),
        SECURITYHUB("securityhub", List.of("region", "account-id", "endpoint", "access-key-id", "secret-access-key"),
                NotifyConfigLoader::securityHub);

        final String configName;
        final List<String> keys;
        private final BiFunction<YamlSection, AlertLink, Optional<Receiver>> reader;

        DestinationType(String configName, List<String> ownKeys,
                        BiFunction<YamlSection, AlertLink, Optional<Receiver>> reader) {
            this.configName = configName;
            List<String> all = new ArrayList<>(COMMON_KEYS);
            all.addAll(ownKeys);
            this.keys = List.copyOf(all);
            this.reader = reader;
        }

        /** "a webhook destination", "an sns destination", as said aloud. */
        String described() {
            boolean vowelSound = "aeiou".indexOf(configName.charAt(0)) >= 0 || configName.equals("sns");
            return (vowelSound ? "an " : "a ") + configName + " destination";
        }

        Optional<Receiver> read(YamlSection section, AlertLink link) {
            return reader.apply(section, link);
        }

        static Optional<DestinationType> fromConfigName(String name) {
            return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
        }

        static String choices() {
            List<String> names = Arrays.stream(values()).map(t -> t.configName).collect(Collectors.toList());
            return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }
    }

    private static Optional<Receiver> alertmanager(YamlSection section, AlertLink link) {
        Optional<URI> url = requiredUrl(section, "url", "the Alertmanager's base URL, e.g. http://alertmanager:9093",
                false);
        Duration resolveTimeout = positive(section, "resolve-timeout")
                .orElse(AlertmanagerReceiver.DEFAULT_RESOLVE_TIMEOUT);
        Duration resend = positive(section, "resend-interval").orElse(AlertmanagerReceiver.DEFAULT_RESEND_INTERVAL);
        if (resend.compareTo(resolveTimeout) >= 0) {
            section.problem(section.keyPath("resend-interval") + " " + text(resend) + " is not shorter than "
                    + "resolve-timeout " + text(resolveTimeout) + ": Alertmanager would resolve firing alerts between "
                    + "two re-sends, so make it shorter (the default is 1m against Alertmanager's default 5m).");
            return Optional.empty();
        }
        return url.map(u -> new AlertmanagerReceiver(u, link, resend));
    }

    private static Optional<Receiver> webhook(YamlSection section, AlertLink link) {
        Optional<URI> url = requiredUrl(section, "url", "the receiver's URL, e.g. https://soc.example.com/flowsight",
                false);
        Optional<WebhookSigningKey> key = Optional.empty();
        if (!section.has("secret")) {
            section.problem(section.keyPath("secret") + " is missing: webhook requests are signed; set it to "
                    + "${VARIABLE_NAME} of an environment variable holding a whsec_ secret.");
        } else {
            key = section.secret("secret").flatMap(secret -> {
                try {
                    return Optional.of(WebhookSigningKey.parse(secret));
                } catch (IllegalArgumentException e) {
                    section.problem(section.keyPath("secret") + " (from " + section.reference("secret") + ") "
                            + e.getMessage() + ".");
                    return Optional.empty();
                }
            });
        }
        WebhookFormat format = section.string("format").flatMap(text -> {
            Optional<WebhookFormat> known = WebhookFormat.fromConfigName(text);
            if (known.isEmpty()) {
                section.problem(section.keyPath("format") + " \"" + text + "\" is not a webhook format: use "
                        + "flowsight or ocsf.");
            }
            return known;
        }).orElse(WebhookFormat.FLOWSIGHT);
        if (url.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookReceiver(url.get(), key.get(), format, link));
    }

    private static Optional<Receiver> slack(YamlSection section, AlertLink link) {
        return requiredUrl(section, "url", "${VARIABLE_NAME} of an environment variable holding the incoming "
                + "webhook's URL", true).map(url -> new SlackReceiver(new Secret(url.toString()), link));
    }

    private static Optional<Receiver> pagerDuty(YamlSection section, AlertLink link) {
        Optional<Secret> routingKey = Optional.empty();
        if (!section.has("routing-key")) {
            section.problem(section.keyPath("routing-key") + " is missing: set it to ${VARIABLE_NAME} of an "
                    + "environment variable holding the Events API v2 integration key.");
        } else {
            routingKey = section.secret("routing-key").map(Secret::new);
        }
        URI url = section.string("url").flatMap(text -> httpUrl(section, "url", text, false))
                .orElse(PagerDutyReceiver.DEFAULT_EVENTS_URL);
        return routingKey.map(key -> new PagerDutyReceiver(url, key, link));
    }

    private static Optional<Receiver> sns(YamlSection section, AlertLink link) {
        Optional<SnsTopicArn> topic = Optional.empty();
        if (!section.has("topic-arn")) {
            section.problem(section.keyPath("topic-arn") + " is missing: set it to the ARN of the SNS topic, e.g. "
                    + "arn:aws:sns:eu-west-1:123456789012:flowsight-alerts.");
        } else {
            topic = section.string("topic-arn").flatMap(text -> {
                try {
                    return Optional.of(SnsTopicArn.parse(text));
                } catch (IllegalArgumentException e) {
                    section.problem(section.keyPath("topic-arn") + " \"" + text + "\" " + e.getMessage() + ".");
                    return Optional.empty();
                }
            });
        }
        Optional<Optional<URI>> endpoint = endpointOverride(section);
        Optional<AwsCredentialsSource> credentials = awsCredentials(section);
        if (topic.isEmpty() || endpoint.isEmpty() || credentials.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SnsReceiver(topic.get(), endpoint.get().orElse(SnsReceiver.defaultEndpoint(topic.get())),
                credentials.get(), link));
    }

    private static Optional<Receiver> securityHub(YamlSection section, AlertLink link) {
        Optional<AwsRegion> region = Optional.empty();
        if (!section.has("region")) {
            section.problem(section.keyPath("region") + " is missing: set it to the region whose Security Hub gets "
                    + "the findings, e.g. eu-west-1.");
        } else {
            region = section.string("region").flatMap(text -> {
                try {
                    return Optional.of(AwsRegion.of(text.strip()));
                } catch (IllegalArgumentException e) {
                    section.problem(section.keyPath("region") + " \"" + text + "\" " + e.getMessage() + ".");
                    return Optional.empty();
                }
            });
        }
        Optional<String> account = Optional.empty();
        if (!section.has("account-id")) {
            section.problem(section.keyPath("account-id") + " is missing: set it to the 12-digit id of the AWS "
                    + "account the findings belong to (the credentials' account), in quotes, e.g. \"123456789012\".");
        } else {
            account = section.string("account-id").map(String::strip).filter(text -> {
                if (!SecurityHubReceiver.ACCOUNT_ID.matcher(text).matches()) {
                    // Unquoted, YAML reads digits as a number, which loses leading zeros (or reads them as octal).
                    section.problem(section.keyPath("account-id") + " \"" + text + "\" is not a 12-digit AWS "
                            + "account id: write all 12 digits in quotes, e.g. \"012345678901\".");
                    return false;
                }
                return true;
            });
        }
        Optional<Optional<URI>> endpoint = endpointOverride(section);
        Optional<AwsCredentialsSource> credentials = awsCredentials(section);
        if (region.isEmpty() || account.isEmpty() || endpoint.isEmpty() || credentials.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SecurityHubReceiver(region.get(), account.get(),
                endpoint.get().orElse(SecurityHubReceiver.defaultEndpoint(region.get())), credentials.get(), link));
    }

    /** An AWS destination's {@code endpoint}: empty inside when not set, empty outside when set wrong. */
    private static Optional<Optional<URI>> endpointOverride(YamlSection section) {
        if (!section.has("endpoint")) {
            return Optional.of(Optional.empty());
        }
        return section.string("endpoint").flatMap(text -> httpUrl(section, "endpoint", text, false)).map(Optional::of);
    }

    /**
     * Static keys when both {@code access-key-id} and {@code secret-access-key} are given (each a {@code ${NAME}}
     * reference), the SDK's default chain when neither is, and a problem when only one is.
     */
    private static Optional<AwsCredentialsSource> awsCredentials(YamlSection section) {
        boolean hasId = section.has("access-key-id");
        boolean hasSecret = section.has("secret-access-key");
        if (!hasId && !hasSecret) {
            return Optional.of(AwsCredentialsSource.defaultChain());
        }
        Optional<String> accessKeyId = section.secret("access-key-id");
        Optional<String> secretAccessKey = section.secret("secret-access-key");
        if (hasId != hasSecret) {
            String missing = hasId ? "secret-access-key" : "access-key-id";
            section.problem(section.keyPath(missing) + " is missing: set both access-key-id and secret-access-key "
                    + "(each as ${VARIABLE_NAME}), or neither to use the AWS default credentials chain.");
            return Optional.empty();
        }
        if (accessKeyId.isEmpty() || secretAccessKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AwsCredentialsSource.staticKeys(accessKeyId.get(), secretAccessKey.get()));
    }

    private static RetryPolicy retryPolicy(YamlSection section, RetryPolicy defaults) {
        int maxAttempts = section.integer("max-attempts").filter(attempts -> {
            if (attempts < 1) {
                section.problem(section.keyPath("max-attempts") + " is " + attempts + ": set it to 1 (no retries) or "
                        + "more.");
                return false;
            }
            return true;
        }).orElse(defaults.maxAttempts());
        Duration base = positive(section, "base-delay").orElse(defaults.baseDelay());
        Duration max = positive(section, "max-delay").orElse(defaults.maxDelay());
        section.rejectUnknownKeys(section.path(), RETRY_KEYS);
        if (max.compareTo(base) < 0) {
            section.problem(section.keyPath("max-delay") + " " + text(max) + " is shorter than base-delay "
                    + text(base) + ": make it at least as long.");
            return defaults;
        }
        return new RetryPolicy(maxAttempts, base, max);
    }

    private static Optional<Duration> positive(YamlSection section, String key) {
        return section.duration(key).filter(duration -> {
            if (duration.isZero() || duration.isNegative()) {
                section.problem(section.keyPath(key) + " is zero: give it a positive duration, e.g. 10s.");
                return false;
            }
            return true;
        });
    }

    private static Optional<URI> requiredUrl(YamlSection section, String key, String what, boolean secret) {
        if (!section.has(key)) {
            section.problem(section.keyPath(key) + " is missing: set it to " + what + ".");
            return Optional.empty();
        }
        Optional<String> text = secret ? section.secret(key) : section.string(key);
        return text.flatMap(url -> httpUrl(section, key, url, secret));
    }

    /** An absolute http(s) URL; a secret one is named by its reference, never quoted. */
    private static Optional<URI> httpUrl(YamlSection section, String key, String text, boolean secret) {
        String shown = secret ? "(from " + section.reference(key) + ")" : "\"" + text + "\"";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            section.problem(section.keyPath(key) + " " + shown + " is not a URL: write it as http://host:port/path "
                    + "or https://host/path.");
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            section.problem(section.keyPath(key) + " " + shown + " is not an http:// or https:// URL: write it as "
                    + "http://host:port/path or https://host/path.");
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            section.problem(section.keyPath(key) + " " + shown + " has no host: write it as http://host:port/path "
                    + "or https://host/path.");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /** A duration as the file would write it: 5m, 30s, 250ms. */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 60_000 == 0 ? duration.toMinutes() + "m"
                : millis % 1000 == 0 ? duration.toSeconds() + "s" : millis + "ms";
    }
}
