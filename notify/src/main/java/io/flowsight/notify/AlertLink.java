package io.flowsight.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a person follows a notification back into FlowSight: the HTTP API's alerts of one address. Without a
 * configured base URL there is no link, rather than a localhost one that works only on the FlowSight host.
 */
public final class AlertLink {
    private static final AlertLink NONE = new AlertLink(null);

    private final String apiBase;

    private AlertLink(String apiBase) {
        this.apiBase = apiBase;
    }

    /** Links under {@code apiBaseUrl}, e.g. {@code https://flowsight.example.com}. */
    public static AlertLink under(URI apiBaseUrl) {
        String base = apiBaseUrl.toString();
        return new AlertLink(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    public static AlertLink none() {
        return NONE;
    }

    public Optional<URI> forAlert(AlertNotification notification) {
        if (apiBase == null) {
            return Optional.empty();
        }
        // IPv6 addresses carry colons, which have a meaning in a query only once encoded.
        return Optional.of(URI.create(apiBase + "/api/alerts?ip="
                + URLEncoder.encode(notification.ip(), StandardCharsets.UTF_8)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertLink link && Objects.equals(apiBase, link.apiBase);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(apiBase);
    }

    @Override
    public String toString() {
        return apiBase == null ? "no link" : apiBase + "/api/alerts?ip=…";
    }
}
