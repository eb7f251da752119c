package io.flowsight.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a new schema may follow the registered ones under a {@link CompatibilityLevel}, using
 * Avro's own reader/writer resolution rules ({@link SchemaCompatibility}).
 */
public final class CompatibilityCheck {
    private CompatibilityCheck() {
    }

    /**
     * The reasons {@code candidate} breaks {@code level} against {@code registered} (oldest first); empty
     * when it is compatible.
     */
    public static List<String> violations(CompatibilityLevel level, Schema candidate, List<Schema> registered) {
        List<String> violations = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || registered.isEmpty()) {
            return violations;
        }
        List<Schema> against = level.transitive() ? registered : List.of(registered.get(registered.size() - 1));
        for (Schema existing : against) {
            if (level.newReadsOld()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing),
                        "the new schema cannot read data written with an existing one", violations);
            }
            if (level.oldReadsNew()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate),
                        "an existing schema cannot read data written with the new one", violations);
            }
        }
        return violations;
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> violations) {
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            result.getResult().getIncompatibilities().forEach(incompatibility -> violations.add(what + ": "
                    + incompatibility.getType() + " at " + incompatibility.getLocation() + " ("
                    + incompatibility.getMessage() + ")"));
        }
    }
}
