package io.flowsight.notify;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one HTTP request a receiver wants for a notification: always a POST of a UTF-8 body. Receivers build it and
 * {@link HttpTransport} sends it, so the wire format can be tested without a network and the network without a
 * format.
 */
public record OutboundRequest(URI uri, Map<String, String> headers, String body) {
    public OutboundRequest {
        Objects.requireNonNull(uri, "uri");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(body, "body");
    }

    public static OutboundRequest json(URI uri, String body) {
        return new OutboundRequest(uri, Map.of("Content-Type", "application/json"), body);
    }

    public OutboundRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new OutboundRequest(uri, more, body);
    }
}
