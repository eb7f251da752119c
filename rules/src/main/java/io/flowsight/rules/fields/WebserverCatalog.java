package io.flowsight.rules.fields;

import io.flowsight.schemas.AlbLogEntry;

import java.util.Optional;

/** Which field names a {@code category: webserver} rule may use over ALB access logs (see {@link WebserverField}). */
public final class WebserverCatalog implements FieldCatalog {

    @Override
    public Optional<String> refusalFor(FieldPath field) {
        String name = field.name().toLowerCase(java.util.Locale.ROOT);
        if (WebserverField.named(name).isPresent()) {
            return Optional.empty();
        }
        String missing = WebserverField.NOT_IN_ALB_LOGS.get(name);
        if (missing != null) {
            return Optional.of("The webserver field '" + field + "' has no counterpart in ALB access logs (" + missing
                    + "), so the rule cannot be evaluated as written.");
        }
        if (field.segments().size() == 1 && AlbLogEntry.getClassSchema().getField(name) != null
                && !name.equals("event_time")) {
            return Optional.empty();
        }
        return Optional.of("The field '" + field + "' is neither a webserver field of the Sigma taxonomy (c-ip,"
                + " cs-method, cs-uri-stem, cs-uri-query, sc-status, cs-user-agent, ...) nor an ALB access-log column;"
                + " correct the name.");
    }

    @Override
    public Optional<String> keywordRefusal() {
        return Optional.empty();
    }
}
