package io.flowsight.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** FlowSight's alert severities, in increasing order, so a destination's minimum severity is a comparison. */
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
