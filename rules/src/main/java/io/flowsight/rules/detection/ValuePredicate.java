package io.flowsight.rules.detection;

import io.flowsight.rules.fields.FieldValues;

import java.util.Optional;

/**
 * One value of a detection item, modifiers applied: true when any value of the event's field satisfies it
 * (a field that crossed an array matches when one element does).
 */
public sealed interface ValuePredicate permits StringPredicate, RegexPredicate, CidrPredicate, NumericPredicate {

    boolean matches(FieldValues values);

    /** The lower-case text the field must equal, when that is all this predicate asks (used to index rules). */
    default Optional<String> exactText() {
        return Optional.empty();
    }
}
