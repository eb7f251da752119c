package io.flowsight.notify;

import java.util.Objects;

/**
 * A credential from the configuration (a routing key, a webhook URL that embeds its token). Its {@code toString}
 * hides it, so a logged configuration or a failed assertion does not leak it.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && value.equals(secret.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
