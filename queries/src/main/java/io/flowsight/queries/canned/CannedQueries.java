package io.flowsight.queries.canned;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The questions users ask first, as SQL over the lake's tables: who talks most, what is rejected, which alerts
 * fired, and everything about one address. The same statements run on DuckDB, Athena and Trino.
 */
public final class CannedQueries {
    /** IPv4 or IPv6 text; anything else is refused before it reaches SQL. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** What top talkers are ranked by. */
    public enum TalkerMeasure { BYTES, PACKETS, FLOWS }

    /** What rejected traffic is counted by. */
    public enum RejectedBy {
        SRC("srcaddr"), PORT("dstport"), INTERFACE("interface_id");

        private final String column;

        RejectedBy(String column) {
            this.column = column;
        }
    }

    private CannedQueries() {
    }

    public static String topTalkers(TalkerMeasure measure, boolean destination, int limit, TimeRange range) {
        String address = destination ? "dstaddr" : "srcaddr";
        return "SELECT " + address + " AS address, sum(bytes) AS bytes, sum(packets) AS packets, count(*) AS flows "
                + "FROM vpc_flow_logs WHERE " + address + " IS NOT NULL" + range.where("event_time")
                + " GROUP BY " + address + " ORDER BY " + measure.name().toLowerCase(Locale.ROOT) + " DESC, address "
                + "LIMIT " + positive(limit);
    }

    public static String rejected(RejectedBy by, int limit, TimeRange range) {
        return "SELECT " + by.column + " AS " + by.name().toLowerCase(Locale.ROOT) + ", count(*) AS flows, "
                + "sum(bytes) AS bytes FROM vpc_flow_logs WHERE action = 'REJECT'" + range.where("event_time")
                + " GROUP BY " + by.column + " ORDER BY flows DESC, " + by.column + " LIMIT " + positive(limit);
    }

    /**
     * The latest alerts, one row per alert id in its latest state: an alert that fired and resolved has two records
     * in the lake, and the resolved one (its final occurrences and last seen) is shown.
     */
    public static String alerts(int limit, TimeRange range) {
        return "SELECT last_seen, ip, detector, severity, coalesce(status, 'firing') AS status, occurrences, summary"
                + " FROM alerts WHERE true" + range.where("window_start")
                + " QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY resolved_at DESC NULLS LAST) = 1"
                + " ORDER BY last_seen DESC, ip, detector LIMIT " + positive(limit);
    }

    /**
     * The latest rule findings, newest first: the rule (with its author, which the Detection Rule License of SigmaHQ's
     * rules asks every message from a match to keep), the address, and who or what the event concerned.
     */
    public static String findings(int limit, TimeRange range) {
        return "SELECT event_time, rule_level, rule_title, source_address, coalesce(event_name, request_verb || ' ' "
                + "|| request_url) AS event, coalesce(principal_arn, user_agent) AS actor, rule_author FROM findings "
                + "WHERE true" + range.where("event_time") + " ORDER BY event_time DESC, rule_title, finding_id "
                + "LIMIT " + positive(limit);
    }

    /**
     * Everything the lake knows about one address, oldest first: its flows (either side), CloudTrail calls from
     * it, ALB requests from it, rule findings and alerts on it. Tables without data are left out.
     */
    public static String ip(String address, TimeRange range, Set<String> tables) {
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address.");
        }
        String ip = "'" + address + "'";
        List<String> parts = new ArrayList<>();
        if (tables.contains("vpc_flow_logs")) {
            parts.add("SELECT event_time AS time, 'vpc_flow_logs' AS source, action || ' ' || coalesce(srcaddr, '-') "
                    + "|| ':' || coalesce(CAST(srcport AS VARCHAR), '-') || ' -> ' || coalesce(dstaddr, '-') || ':' "
                    + "|| coalesce(CAST(dstport AS VARCHAR), '-') || ' ' || coalesce(CAST(bytes AS VARCHAR), '0') "
                    + "|| ' bytes' AS what FROM vpc_flow_logs WHERE (srcaddr = " + ip + " OR dstaddr = " + ip + ")"
                    + range.where("event_time"));
        }
        if (tables.contains("cloudtrail_events")) {
            parts.add("SELECT event_time, 'cloudtrail_events', coalesce(eventsource, '-') || ' ' || coalesce(eventname, "
                    + "'-') || coalesce(' ' || errorcode, '') || ' by ' || coalesce(useridentity.arn, '-') "
                    + "FROM cloudtrail_events WHERE sourceipaddress = " + ip + range.where("event_time"));
        }
        if (tables.contains("alb_logs")) {
            parts.add("SELECT event_time, 'alb_logs', coalesce(request_verb, '-') || ' ' || coalesce(request_url, '-') "
                    + "|| ' ' || coalesce(CAST(elb_status_code AS VARCHAR), '-') FROM alb_logs WHERE client_ip = " + ip
                    + range.where("event_time"));
        }
        if (tables.contains("findings")) {
            parts.add("SELECT event_time, 'findings', rule_level || ' ' || rule_title || ' (' || log_type || ' ' "
                    + "|| event_id || '; rule ' || rule_id || ' by ' || coalesce(rule_author, '-') || ')' "
                    + "FROM findings WHERE source_address = " + ip + range.where("event_time"));
        }
        if (tables.contains("alerts")) {
            parts.add("SELECT coalesce(resolved_at, last_seen), 'alerts', severity || ' ' || detector || ' '"
                    + " || coalesce(status, 'firing') || ': ' || summary FROM alerts WHERE ip = " + ip
                    + range.where("window_start"));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("The lake has no table an address can be looked up in yet.");
        }
        return String.join(" UNION ALL ", parts) + " ORDER BY time, source, what";
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit + ".");
        }
        return limit;
    }
}
