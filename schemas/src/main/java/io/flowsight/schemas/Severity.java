package io.flowsight.schemas;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * FlowSight's alert severities, as the alerts and blocklist topics spell them, in increasing order: a destination's
 * or the blocklist's minimum severity is a comparison, and the blocklist's cap evicts the lowest first.
 */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The spelling used on the alerts topic and in the configuration: {@code low}, {@code medium}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAtLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    public static Optional<Severity> fromWireName(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(text)).findFirst();
    }

    /** "low, medium, high or critical", for error messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(Severity::wireName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
