package io.flowsight.respond.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Alert severities in increasing order, so that a minimum severity is a comparison and the cap can evict the
 * lowest first. The notify module has its own copy: modules share the topics' contracts, not each other's classes.
 */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The spelling on the alerts and blocklist topics and in the settings: {@code low}, {@code medium}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAtLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    public static Optional<Severity> fromWireName(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(text)).findFirst();
    }

    /** "low, medium, high or critical", for messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(Severity::wireName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
