package io.flowsight.schemas.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The compatibility levels of the Confluent Schema Registry, with their meaning for a new schema. */
public enum CompatibilityLevel {
    /** No check. */
    NONE(false, false, false),
    /** The new schema can read data written with the latest registered one. */
    BACKWARD(true, false, false),
    /** The new schema can read data written with every registered one. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** The latest registered schema can read data written with the new one. */
    FORWARD(false, true, false),
    /** Every registered schema can read data written with the new one. */
    FORWARD_TRANSITIVE(false, true, true),
    /** Both BACKWARD and FORWARD against the latest. */
    FULL(true, true, false),
    /** Both BACKWARD and FORWARD against every registered schema. */
    FULL_TRANSITIVE(true, true, true);

    /** The level a registry uses when none is configured (Confluent's default). */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    public boolean newReadsOld() {
        return newReadsOld;
    }

    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    /** Whether the check runs against every registered version instead of only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level name case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the precise message below
            }
        }
        throw new IllegalArgumentException("Unknown compatibility level '" + name + "': use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
    }
}
