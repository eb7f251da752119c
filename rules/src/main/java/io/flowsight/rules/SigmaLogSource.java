package io.flowsight.rules;

import io.flowsight.rules.fields.AlbWebserverFields;
import io.flowsight.rules.fields.CloudTrailCatalog;
import io.flowsight.rules.fields.CloudTrailFields;
import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldCatalog;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.rules.fields.WebserverCatalog;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;

import java.util.List;
import java.util.function.Function;

/** The Sigma log sources FlowSight evaluates, each over the records of one of its topics. */
public enum SigmaLogSource {
    /** {@code product: aws}, {@code service: cloudtrail} over {@link CloudTrailEvent}. */
    AWS_CLOUDTRAIL(new CloudTrailCatalog(), List.of(FieldPath.of("eventName"), FieldPath.of("eventSource"))),
    /** {@code category: webserver} over {@link AlbLogEntry} (ALB access logs). */
    WEBSERVER(new WebserverCatalog(), List.of(FieldPath.of("cs-method")));

    private final FieldCatalog catalog;
    private final List<FieldPath> indexFields;

    SigmaLogSource(FieldCatalog catalog, List<FieldPath> indexFields) {
        this.catalog = catalog;
        this.indexFields = indexFields;
    }

    /**
     * Fields most rules of this source test for equality, in order of preference: the {@link RuleIndex} keys rules
     * on the first one their condition pins down (nearly every CloudTrail rule names its eventName).
     */
    List<FieldPath> indexFields() {
        return indexFields;
    }

    public FieldCatalog catalog() {
        return catalog;
    }

    /** How records of this source expose their fields. */
    @SuppressWarnings("unchecked")
    <E> Function<E, EventFields> fields() {
        return switch (this) {
            case AWS_CLOUDTRAIL -> event -> new CloudTrailFields((CloudTrailEvent) event);
            case WEBSERVER -> event -> new AlbWebserverFields((AlbLogEntry) event);
        };
    }
}
