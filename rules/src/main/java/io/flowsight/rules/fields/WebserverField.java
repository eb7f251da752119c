package io.flowsight.rules.fields;

import io.flowsight.schemas.AlbLogEntry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Sigma's {@code category: webserver} field names (the W3C extended log names of the Sigma taxonomy) mapped to
 * ALB access-log columns. This table is the mapping; the documentation's table describes the same rows.
 *
 * <p>{@code cs-uri-query} is the request target (path and query, as the request line carries it), not the query
 * alone as in IIS: SigmaHQ's webserver rules use it that way ({@code cs-uri-query|endswith: '/mgmt/tm/util/bash'}),
 * following the Apache and nginx logs they were written on, so the query alone would make them miss.
 */
enum WebserverField {
    DATE("date", "date part of `time` (YYYY-MM-DD)", entry -> part(entry.entry().getTime(), 0, 10)),
    TIME("time", "time-of-day part of `time` (HH:MM:SS, UTC)", entry -> part(entry.entry().getTime(), 11, 19)),
    C_IP("c-ip", "`client_ip`", entry -> entry.entry().getClientIp()),
    S_PORT("s-port", "port of the listener, from `request_url`", entry -> entry.url().port()),
    CS_METHOD("cs-method", "`request_verb`", entry -> entry.entry().getRequestVerb()),
    CS_URI_STEM("cs-uri-stem", "path of `request_url` (no scheme, host, port or query)", entry -> entry.url().path()),
    CS_URI_QUERY("cs-uri-query", "path and query of `request_url` (the request target as sent)",
            entry -> entry.url().target()),
    SC_STATUS("sc-status", "`elb_status_code` (the status the client received)", entry -> entry.entry().getElbStatusCode()),
    SC_BYTES("sc-bytes", "`sent_bytes`", entry -> entry.entry().getSentBytes()),
    CS_BYTES("cs-bytes", "`received_bytes`", entry -> entry.entry().getReceivedBytes()),
    TIME_TAKEN("time-taken", "`request_processing_time` + `target_processing_time` + `response_processing_time`, in"
            + " milliseconds; absent when any is -1 (not dispatched)", WebserverField::millisecondsTaken),
    CS_VERSION("cs-version", "`request_proto` (e.g. HTTP/1.1)", entry -> entry.entry().getRequestProto()),
    CS_HOST("cs-host", "host of `request_url` (ALB writes the Host header there)", entry -> entry.url().host()),
    CS_USER_AGENT("cs-user-agent", "`user_agent`", entry -> entry.entry().getUserAgent());

    /** Taxonomy names ALB access logs have no column for, and why, so a rule using one is refused by name. */
    static final Map<String, String> NOT_IN_ALB_LOGS = Map.of(
            "cs-username", "ALB does not log the authenticated user",
            "s-sitename", "ALB has no IIS site names",
            "s-computername", "ALB does not log the name of the server",
            "s-ip", "ALB does not log its own address (target_ip is the backend, not the server the client reached)",
            "sc-win32-status", "ALB has no Windows status",
            "c-win32-status", "ALB has no Windows status",
            "cs-cookie", "ALB does not log cookies",
            "cs-referer", "ALB does not log the Referer header",
            "cs-content-type", "ALB does not log the Content-Type header");

    private static final Map<String, WebserverField> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(WebserverField::sigmaName, Function.identity()));

    private final String sigmaName;
    private final String albSource;
    private final Function<AlbWebserverFields, Object> value;

    WebserverField(String sigmaName, String albSource, Function<AlbWebserverFields, Object> value) {
        this.sigmaName = sigmaName;
        this.albSource = albSource;
        this.value = value;
    }

    String sigmaName() {
        return sigmaName;
    }

    /** Where the value comes from, in words (for documentation). */
    String albSource() {
        return albSource;
    }

    Object valueIn(AlbWebserverFields entry) {
        return value.apply(entry);
    }

    /** The taxonomy field of a (lower-case) name. */
    static Optional<WebserverField> named(String lowerCaseName) {
        return Optional.ofNullable(BY_NAME.get(lowerCaseName.toLowerCase(Locale.ROOT)));
    }

    private static String part(String text, int from, int to) {
        return text != null && text.length() >= to ? text.substring(from, to) : null;
    }

    private static Object millisecondsTaken(AlbWebserverFields fields) {
        AlbLogEntry entry = fields.entry();
        Double request = entry.getRequestProcessingTime();
        Double target = entry.getTargetProcessingTime();
        Double response = entry.getResponseProcessingTime();
        if (request == null || target == null || response == null || request < 0 || target < 0 || response < 0) {
            return null;
        }
        return Math.round((request + target + response) * 1000);
    }
}
