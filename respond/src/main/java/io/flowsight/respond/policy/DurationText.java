package io.flowsight.respond.policy;

import java.time.Duration;

/** A time-to-live as the reasons write it, in the settings' own notation: {@code 4h}, {@code 2d16h}, {@code 90s}. */
final class DurationText {
    private DurationText() {
    }

    static String of(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        append(text, seconds / 86_400, "d");
        append(text, seconds % 86_400 / 3_600, "h");
        append(text, seconds % 3_600 / 60, "m");
        append(text, seconds % 60, "s");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
