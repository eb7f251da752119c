package io.flowsight.queries.ddl;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The engines FlowSight writes table definitions for. */
public enum SqlEngine {
    /** Amazon Athena (Hive DDL with partition projection). */
    ATHENA,
    /** Trino's Hive connector. */
    TRINO;

    public static SqlEngine fromName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown engine '" + name + "': use one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + ".", e);
        }
    }
}
