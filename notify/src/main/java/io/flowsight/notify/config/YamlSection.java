package io.flowsight.notify.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the YAML file, read key by key with its path ({@code destinations[1].url}) so every problem names
 * the exact key. Problems are collected, not thrown, so one run of the loader reports every mistake; keys never read
 * are reported as unknown at the end, which catches typos that would otherwise silently fall back to a default.
 */
final class YamlSection {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String path;
    private final Map<?, ?> values;
    private final List<String> problems;
    private final Map<String, String> environment;
    private final Set<String> read = new LinkedHashSet<>();

    YamlSection(String path, Map<?, ?> values, List<String> problems, Map<String, String> environment) {
        this.path = path;
        this.values = values;
        this.problems = problems;
        this.environment = environment;
    }

    String path() {
        return path;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String sentence) {
        problems.add(sentence);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** A plain value; {@code ${NAME}} is replaced by that environment variable. */
    Optional<String> string(String key) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return text;
        }
        Matcher reference = ENV_REFERENCE.matcher(text.get());
        if (reference.matches()) {
            return fromEnvironment(key, reference.group(1));
        }
        return text;
    }

    /**
     * A credential: it must be written as {@code ${NAME}} and come from the environment, so it stays out of files
     * that get committed, copied and pasted into tickets.
     */
    Optional<String> secret(String key) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return text;
        }
        Matcher reference = ENV_REFERENCE.matcher(text.get());
        if (!reference.matches()) {
            problem(keyPath(key) + " is written into the file: put the secret in an environment variable and write "
                    + "${VARIABLE_NAME} here instead.");
            return Optional.empty();
        }
        return fromEnvironment(key, reference.group(1));
    }

    /** The {@code ${NAME}} a key was written as, to name the source of a secret without quoting it. */
    String reference(String key) {
        return String.valueOf(values.get(key));
    }

    Optional<Integer> integer(String key) {
        Object value = raw(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer number) {
            return Optional.of(number);
        }
        problem(keyPath(key) + " \"" + value + "\" is not a whole number: write it as digits, e.g. 5.");
        return Optional.empty();
    }

    Optional<Duration> duration(String key) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(text.get());
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return Optional.of(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
            }
            if (text.get().startsWith("P")) { // ISO-8601, e.g. PT1M30S
                return Optional.of(Duration.parse(text.get()));
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException tooLargeOrMalformed) {
            // reported below
        }
        problem(keyPath(key) + " \"" + text.get() + "\" is not a duration: write it like 500ms, 10s, 5m or 1h.");
        return Optional.empty();
    }

    /** A list of plain strings; a single string is taken as a list of one. */
    Optional<List<String>> stringList(String key, String example) {
        Object value = raw(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String single) {
            return Optional.of(List.of(single));
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            List<String> strings = new ArrayList<>();
            list.forEach(item -> strings.add((String) item));
            return Optional.of(strings);
        }
        problem(keyPath(key) + " must be a list of names, e.g. " + example + ".");
        return Optional.empty();
    }

    Optional<YamlSection> section(String key, String example) {
        Object value = raw(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of(new YamlSection(keyPath(key), map, problems, environment));
        }
        problem(keyPath(key) + " must be a mapping of settings, e.g. " + example + ".");
        return Optional.empty();
    }

    /** The mappings of a list, each with its index in its path; empty with a problem when it is not such a list. */
    List<YamlSection> sections(String key, String example) {
        Object value = raw(key);
        if (value == null) {
            return List.of();
        }
        List<YamlSection> sections = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String itemPath = keyPath(key) + "[" + i + "]";
                if (list.get(i) instanceof Map<?, ?> map) {
                    sections.add(new YamlSection(itemPath, map, problems, environment));
                } else {
                    problem(itemPath + " must be a mapping of settings, e.g. " + example + ".");
                }
            }
            return sections;
        }
        problem(keyPath(key) + " must be a list, each item starting with \"- \", e.g. " + example + ".");
        return sections;
    }

    /** Reports every key of this mapping that was never read. */
    void rejectUnknownKeys(String owner, List<String> allowed) {
        for (Object key : values.keySet()) {
            if (!read.contains(String.valueOf(key))) {
                problem(keyPath(String.valueOf(key)) + " is not a setting: " + owner + " takes " + listed(allowed)
                        + ".");
            }
        }
    }

    static String listed(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    private Optional<String> scalar(String key) {
        Object value = raw(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            problem(keyPath(key) + " must be a single value, not a " + (value instanceof Map ? "mapping" : "list")
                    + ".");
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value));
    }

    private Optional<String> fromEnvironment(String key, String name) {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            problem(keyPath(key) + " refers to ${" + name + "}, which is not set: set that environment variable, or "
                    + "correct the name.");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
