package io.flowsight.respond.aws;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks both AWS targets' configurations share; each problem is one sentence added to the list. */
final class ConfigChecks {
    static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(5);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigChecks() {
    }

    static Optional<AwsRegion> region(String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add("region is missing: set the AWS region of the target, e.g. eu-west-1.");
            return Optional.empty();
        }
        try {
            return Optional.of(AwsRegion.of(text.strip()));
        } catch (IllegalArgumentException e) {
            problems.add("region \"" + text + "\" " + e.getMessage() + ".");
            return Optional.empty();
        }
    }

    /** An http(s) URL with a host, for an endpoint override; null when none is set. */
    static Optional<URI> endpoint(String text, List<String> problems) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.strip());
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add("endpoint \"" + text + "\" is not an http(s) URL of a host: write it like "
                        + "https://vpce-0123.wafv2.eu-west-1.vpce.amazonaws.com or http://127.0.0.1:4566.");
                return Optional.empty();
            }
            return Optional.of(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri);
        } catch (URISyntaxException e) {
            problems.add("endpoint \"" + text + "\" is not a URL: write it like http://127.0.0.1:4566.");
            return Optional.empty();
        }
    }

    /**
     * Static keys from {@code ${VARIABLE}} references, resolved in {@code environment}: the keys themselves are never
     * written in a configuration.
     */
    static Optional<AwsCredentialsSource> environmentKeys(String accessKeyIdReference, String secretReference,
                                                          Map<String, String> environment, List<String> problems) {
        Optional<String> accessKeyId = referenced("access-key-id", accessKeyIdReference, environment, problems);
        Optional<String> secret = referenced("secret-access-key", secretReference, environment, problems);
        if (accessKeyId.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AwsCredentialsSource.staticKeys(accessKeyId.get(), secret.get()));
    }

    private static Optional<String> referenced(String key, String reference, Map<String, String> environment,
                                               List<String> problems) {
        if (reference == null || reference.isBlank()) {
            problems.add(key + " is missing: set both access-key-id and secret-access-key (each as "
                    + "${VARIABLE_NAME}), or neither to use the AWS default credentials chain.");
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(reference.strip());
        if (!m.matches()) {
            // Never repeat the value: it may be the key itself.
            problems.add(key + " is not a ${VARIABLE_NAME} reference: put the key in an environment variable and "
                    + "name it here, never the key itself.");
            return Optional.empty();
        }
        String value = environment.get(m.group(1));
        if (value == null || value.isEmpty()) {
            problems.add(key + " refers to ${" + m.group(1) + "}, which is not set in the environment.");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    static Duration reconcileInterval(Duration interval, List<String> problems) {
        if (interval.compareTo(Duration.ofSeconds(10)) < 0) {
            problems.add("reconcile-interval " + interval + " is shorter than 10 seconds: AWS's APIs are not meant "
                    + "to be read that often; use minutes (default 5 minutes).");
        }
        return interval;
    }

    static String name(String name, List<String> problems) {
        if (name == null || name.isBlank()) {
            problems.add("name is missing: give the target a name, used in logs and metrics.");
            return "";
        }
        return name.strip();
    }
}
