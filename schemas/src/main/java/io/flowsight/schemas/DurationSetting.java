package io.flowsight.schemas;

import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.Locale;

/** How every FlowSight duration setting is written: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d}, or ISO-8601. */
public final class DurationSetting {
    private DurationSetting() {
    }

    /**
     * @throws ConfigException naming {@code key} and the value when it is not a duration or is negative
     */
    public static Duration parse(String key, String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        try {
            Duration parsed;
            if (text.startsWith("p")) {
                parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (text.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                parsed = switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> throw new NumberFormatException(text);
                };
            }
            if (parsed.isNegative()) {
                throw new NumberFormatException(text);
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new ConfigException(key + " is '" + value + "', which is not a duration; write e.g. 30s, 15m, 1h "
                    + "or 2d.");
        }
    }
}
