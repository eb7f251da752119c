package io.flowsight.rules.fields;

import java.util.Optional;

/**
 * Which Sigma field names a log source can resolve, checked when a rule loads: a rule naming a field FlowSight's
 * records never carry could never match, and saying so at load beats a rule that silently never fires.
 */
public interface FieldCatalog {

    /** Why {@code field} cannot be read from this log source (one sentence), or empty when it can. */
    Optional<String> refusalFor(FieldPath field);

    /** Why keywords (values without a field) cannot be searched in this log source, or empty when they can. */
    Optional<String> keywordRefusal();
}
