package io.flowsight.rules.fields;

import io.flowsight.schemas.AlbLogEntry;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sigma's {@code webserver} field names over one ALB access-log entry, by the {@link WebserverField} table; an
 * ALB column's own Athena name ({@code target_status_code}, {@code domain_name}) is accepted too, for fields the
 * taxonomy has no name for. Keywords are searched in the request line and the user agent: those are the parts of
 * an access-log line a client writes, and what SigmaHQ's keyword rules (SQL injection, JNDI, webshell strings) aim at.
 */
public final class AlbWebserverFields implements EventFields {
    private final AlbLogEntry entry;
    private final Map<FieldPath, FieldValues> resolved = new HashMap<>();
    private RequestUrl url;
    private FieldValues keywordTexts;

    public AlbWebserverFields(AlbLogEntry entry) {
        this.entry = entry;
    }

    AlbLogEntry entry() {
        return entry;
    }

    /** The request URL's parts, parsed once per entry. */
    RequestUrl url() {
        if (url == null) {
            url = RequestUrl.parse(entry.getRequestUrl());
        }
        return url;
    }

    @Override
    public FieldValues values(FieldPath field) {
        return resolved.computeIfAbsent(field, this::resolve);
    }

    private FieldValues resolve(FieldPath field) {
        if (field.segments().size() != 1) {
            return FieldValues.ABSENT;
        }
        var taxonomy = WebserverField.named(field.root());
        if (taxonomy.isPresent()) {
            return FieldValues.of(taxonomy.get().valueIn(this));
        }
        Schema.Field column = entry.getSchema().getField(field.root());
        Object value = column == null ? null : entry.get(column.pos());
        if (value instanceof List<?> list) {
            List<Object> elements = new ArrayList<>(list.size());
            for (Object element : list) {
                elements.add(element == null ? null : element.toString());
            }
            return FieldValues.of(elements);
        }
        return FieldValues.of(value instanceof CharSequence text ? text.toString() : value);
    }

    @Override
    public FieldValues keywordTexts() {
        if (keywordTexts == null) {
            List<Object> texts = new ArrayList<>(2);
            texts.add(requestLine());
            if (entry.getUserAgent() != null) {
                texts.add(entry.getUserAgent());
            }
            keywordTexts = FieldValues.of(texts);
        }
        return keywordTexts;
    }

    /** The request line as ALB logs it: {@code GET https://host:443/path?query HTTP/1.1}. */
    private String requestLine() {
        return (entry.getRequestVerb() == null ? "-" : entry.getRequestVerb()) + " "
                + (entry.getRequestUrl() == null ? "-" : entry.getRequestUrl()) + " "
                + (entry.getRequestProto() == null ? "-" : entry.getRequestProto());
    }
}
