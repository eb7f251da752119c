package io.flowsight.rules;

import java.util.Locale;
import java.util.Optional;

/** A rule's {@code level}, the severity a finding carries. */
public enum Level {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    static Optional<Level> named(String text) {
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
