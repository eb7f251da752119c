import { runSql } from './api.js';
import { sqlAddressLiteral } from './ip-address.js';

// SQL over the lake (read-only DuckDB behind /api/query). Logs are often replayed or late, so "the last hours" is
// measured back from the newest event in the lake, not from the wall clock.

let tablesRequest = null;

/** The lake tables that have data (DuckDB shows a table once its first file is written). */
export function lakeTables() {
  if (!tablesRequest) {
    tablesRequest = runSql('SELECT table_name FROM information_schema.tables')
      .then((result) => new Set(result.rows.map((row) => row.table_name)))
      .catch((failure) => {
        tablesRequest = null;
        throw failure;
      });
  }
  return tablesRequest;
}

/**
 * A day no later than the newest day of data, found without reading a raw table: the newest day of the top-N lists
 * (of the dimensions starting with `dimensionPrefix`, or all), which hold a few rows per closed window, and no window
 * starts after its newest record. DuckDB makes a partition column's value for every row it scans, so `max(dt)` over a
 * raw table reads a value per record (0.65 s over 70M flows, BENCHMARKS.md). Null when no list is in the lake yet.
 */
export async function floorOfNewestDay(dimensionPrefix = '') {
  if (!(await lakeTables()).has('top_talkers')) {
    return null;
  }
  const prefix = String(dimensionPrefix).replaceAll("'", "''");
  const { rows } = await runSql(`SELECT max(dt) AS day FROM top_talkers WHERE starts_with(dimension, '${prefix}')`);
  return rows[0]?.day ?? null;
}

/**
 * How the per-minute queries find the newest flow (`newest`, a query of `t`) and keep the days the `hours` before it
 * can fall on (`days`, a condition or nothing), looking from `floorDay` on ({@link floorOfNewestDay}) or in every day.
 */
function recentFlows(hours, floorDay) {
  if (floorDay === null || floorDay === undefined) {
    return { newest: 'SELECT max(event_time) AS t FROM vpc_flow_logs', days: '' };
  }
  // The newest flow is on the floor's day or later: the hours before it start no earlier than that many before the day.
  const firstDay = firstDayOf(floorDay, 1 + Math.ceil(Number(hours) / 24));
  return {
    newest: `SELECT max(event_time) AS t FROM vpc_flow_logs WHERE ${fromDay(floorDay)}`,
    days: ` AND ${fromDay(firstDay)}`,
  };
}

/**
 * Flows, bytes and rejected flows per minute over the `hours` before the newest flow in the lake, looked for from
 * `floorDay` on; each row also carries that newest time (`latest`, epoch milliseconds).
 */
export function trafficPerMinuteSql(hours, floorDay = null) {
  const recent = recentFlows(hours, floorDay);
  return `WITH newest AS (${recent.newest})
SELECT epoch_ms(date_trunc('minute', event_time)) AS minute,
       count(*) AS flows,
       coalesce(sum(bytes), 0) AS bytes,
       count(*) FILTER (WHERE action = 'REJECT') AS rejected,
       epoch_ms(max(newest.t)) AS latest
FROM vpc_flow_logs, newest
WHERE event_time > newest.t - INTERVAL ${Number(hours)} HOUR${recent.days}
GROUP BY 1
ORDER BY 1`;
}

/** Rejected flows and their bytes per minute over the `hours` before the newest flow in the lake, as above. */
export function rejectedPerMinuteSql(hours, floorDay = null) {
  const recent = recentFlows(hours, floorDay);
  return `WITH newest AS (${recent.newest})
SELECT epoch_ms(date_trunc('minute', event_time)) AS minute,
       count(*) AS flows,
       coalesce(sum(bytes), 0) AS bytes,
       epoch_ms(max(newest.t)) AS latest
FROM vpc_flow_logs, newest
WHERE action = 'REJECT' AND event_time > newest.t - INTERVAL ${Number(hours)} HOUR${recent.days}
GROUP BY 1
ORDER BY 1`;
}

const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * The newest day (`dt`, YYYY-MM-DD, UTC) that any of `tables` holds, as `day`, looked for from `floorDay` on (or in
 * every day). DuckDB takes the partition column from the files' paths but still makes a value for each row, so a floor
 * known to be no later than the answer saves reading the older days.
 */
export function newestDaySql(tables, floorDay = null) {
  const where = floorDay === null ? '' : ` WHERE ${fromDay(floorDay)}`;
  const days = [...tables].map((table) => `SELECT max(dt) AS dt FROM ${table}${where}`);
  return `SELECT max(dt) AS day FROM (${days.join(' UNION ALL ')})`;
}

/** The first day of the `days` newest days of data ending on `newestDay`. */
export function firstDayOf(newestDay, days) {
  if (!DAY.test(String(newestDay))) {
    throw new Error(`The lake's newest day is not a day: ${newestDay}`);
  }
  const first = new Date(`${newestDay}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - (Number(days) - 1));
  return first.toISOString().slice(0, 10);
}

/** The condition on the partition column that keeps the days from `firstDay` on, so DuckDB opens only their files. */
function fromDay(firstDay) {
  if (!DAY.test(String(firstDay))) {
    throw new Error(`Not a day: ${firstDay}`);
  }
  return `dt >= '${firstDay}'`;
}

/** `fromDay` as one more condition, none when `firstDay` is null (every day). */
function andFromDay(firstDay) {
  return firstDay === null || firstDay === undefined ? '' : ` AND ${fromDay(firstDay)}`;
}

/** The addresses one address exchanged flows with, both directions, most bytes first, from `firstDay` on (or all). */
export function peersSql(address, limit, firstDay = null) {
  const ip = sqlAddressLiteral(address);
  return `SELECT CASE WHEN srcaddr = ${ip} THEN dstaddr ELSE srcaddr END AS peer,
       CASE WHEN srcaddr = ${ip} THEN 'outbound' ELSE 'inbound' END AS direction,
       count(*) AS flows,
       coalesce(sum(bytes), 0) AS bytes,
       count(*) FILTER (WHERE action = 'REJECT') AS rejected,
       count(DISTINCT CASE WHEN srcaddr = ${ip} THEN dstport ELSE srcport END) AS ports,
       epoch_ms(min(event_time)) AS first_seen,
       epoch_ms(max(event_time)) AS last_seen
FROM vpc_flow_logs
WHERE (srcaddr = ${ip} OR dstaddr = ${ip})${andFromDay(firstDay)}
GROUP BY 1, 2
ORDER BY bytes DESC, flows DESC, peer
LIMIT ${Number(limit)}`;
}

/** Every anomaly window of one address against its baseline, oldest first, from `firstDay` on (or all). */
export function anomaliesSql(address, firstDay = null) {
  return `SELECT epoch_ms(window_start) AS window_start, epoch_ms(window_end) AS window_end, detector,
       observed, expected, spread, score, threshold
FROM anomalies
WHERE key = ${sqlAddressLiteral(address)}${andFromDay(firstDay)}
ORDER BY window_start, detector
LIMIT 2000`;
}

/**
 * One address's timeline across the tables that have data: its flows (either side), its CloudTrail calls, its ALB
 * requests, rule findings and alerts on it, newest first, each source capped so one chatty source cannot hide the
 * others; from `firstDay` on (or all). Columns: time (epoch ms), source, what, status, bytes, agent, actor, detail.
 */
export function timelineSql(address, tables, perSource, firstDay = null) {
  const ip = sqlAddressLiteral(address);
  const cap = Number(perSource);
  const days = andFromDay(firstDay);
  const parts = [];
  if (tables.has('vpc_flow_logs')) {
    parts.push(`(SELECT epoch_ms(event_time) AS time, 'flow' AS source,
    coalesce(srcaddr, '-') || ':' || coalesce(CAST(srcport AS VARCHAR), '-') || ' → ' || coalesce(dstaddr, '-') || ':'
      || coalesce(CAST(dstport AS VARCHAR), '-') || ' ' || CASE protocol WHEN 6 THEN 'TCP' WHEN 17 THEN 'UDP'
      WHEN 1 THEN 'ICMP' WHEN 58 THEN 'ICMPv6' ELSE 'protocol ' || coalesce(CAST(protocol AS VARCHAR), '-') END AS what,
    action AS status, bytes, NULL AS agent, interface_id AS actor,
    'packets: ' || coalesce(CAST(packets AS VARCHAR), '-') AS detail
  FROM vpc_flow_logs WHERE (srcaddr = ${ip} OR dstaddr = ${ip})${days}
  ORDER BY event_time DESC LIMIT ${cap})`);
  }
  if (tables.has('cloudtrail_events')) {
    parts.push(`(SELECT epoch_ms(event_time), 'cloudtrail', coalesce(eventsource, '-') || ' ' || coalesce(eventname, '-'),
    coalesce(errorcode, 'OK'), NULL, useragent, useridentity.arn, errormessage
  FROM cloudtrail_events WHERE sourceipaddress = ${ip}${days}
  ORDER BY event_time DESC LIMIT ${cap})`);
  }
  if (tables.has('alb_logs')) {
    parts.push(`(SELECT epoch_ms(event_time), 'alb', coalesce(request_verb, '-') || ' ' || coalesce(request_url, '-'),
    CAST(elb_status_code AS VARCHAR), sent_bytes, user_agent, NULL, domain_name
  FROM alb_logs WHERE client_ip = ${ip}${days}
  ORDER BY event_time DESC LIMIT ${cap})`);
  }
  if (tables.has('findings')) {
    parts.push(`(SELECT epoch_ms(event_time), 'finding', rule_title, rule_level, NULL, user_agent,
    principal_arn, coalesce(event_name, request_verb || ' ' || request_url)
  FROM findings WHERE source_address = ${ip}${days}
  ORDER BY event_time DESC LIMIT ${cap})`);
  }
  if (tables.has('alerts')) {
    parts.push(`(SELECT epoch_ms(coalesce(resolved_at, last_seen)), 'alert', severity || ' ' || detector,
    coalesce(status, 'firing'), NULL, NULL, NULL, summary
  FROM alerts WHERE ip = ${ip}${days}
  ORDER BY coalesce(resolved_at, last_seen) DESC LIMIT ${cap})`);
  }
  if (parts.length === 0) {
    return null;
  }
  return `${parts.join('\nUNION ALL\n')}\nORDER BY time DESC, source`;
}
