package io.flowsight.rules.fields;

import java.util.List;
import java.util.Locale;

/**
 * A Sigma field name as a rule writes it ({@code userIdentity.sessionContext.sessionIssuer.type},
 * {@code cs-uri-query}), split once at load into lower-case dot-separated segments, because every log source
 * resolves names case-insensitively and this is done per event.
 */
public record FieldPath(String name, List<String> segments) {

    public static FieldPath of(String name) {
        return new FieldPath(name, List.of(name.toLowerCase(Locale.ROOT).split("\\.", -1)));
    }

    public String root() {
        return segments.get(0);
    }

    /** The segments after the root ({@code sessionContext.sessionIssuer.type} of {@code userIdentity.…}). */
    public List<String> rest() {
        return segments.subList(1, segments.size());
    }

    @Override
    public String toString() {
        return name;
    }
}
