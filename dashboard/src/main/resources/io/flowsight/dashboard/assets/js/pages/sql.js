import { messageOf, runSql } from '../api.js';
import {
  append, downloadBlob, errorMessage, h, note, replaceContent, section, setValue, table,
} from '../dom.js';
import { formatCount } from '../format.js';
import { toCsv } from '../csv.js';

// The DOM shows at most this many rows so a 10,000-row answer stays responsive; the CSV holds every row.
const SHOWN_ROWS = 1000;
const NUMERIC_TYPE = /^(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

const EXAMPLES = [
  ['Tables in the lake', 'SELECT table_name FROM information_schema.tables ORDER BY table_name'],
  ['Top sources by bytes, last hour of data', `WITH newest AS (SELECT max(event_time) AS t FROM vpc_flow_logs)
SELECT srcaddr AS address, sum(bytes) AS bytes, sum(packets) AS packets, count(*) AS flows
FROM vpc_flow_logs, newest
WHERE event_time > newest.t - INTERVAL 1 HOUR
GROUP BY srcaddr
ORDER BY bytes DESC
LIMIT 20`],
  ['Rejected flows by destination port', `SELECT dstport, count(*) AS flows, sum(bytes) AS bytes,
       count(DISTINCT srcaddr) AS sources
FROM vpc_flow_logs
WHERE action = 'REJECT'
GROUP BY dstport
ORDER BY flows DESC
LIMIT 20`],
  ['Alerts, latest state of each', `SELECT last_seen, ip, detector, severity, coalesce(status, 'firing') AS status,
       occurrences, internal, summary
FROM alerts
QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY resolved_at DESC NULLS LAST) = 1
ORDER BY last_seen DESC, ip, detector
LIMIT 100`],
  ['Denied CloudTrail calls', `SELECT eventname, errorcode, count(*) AS calls,
       count(DISTINCT sourceipaddress) AS addresses, any_value(useridentity.arn) AS an_identity
FROM cloudtrail_events
WHERE errorcode IS NOT NULL
GROUP BY ALL
ORDER BY calls DESC
LIMIT 50`],
  ['CloudTrail user agents', `SELECT useragent, count(*) AS calls, count(DISTINCT sourceipaddress) AS addresses,
       count(DISTINCT useridentity.arn) AS identities
FROM cloudtrail_events
GROUP BY useragent
ORDER BY calls DESC
LIMIT 50`],
  ['ALB clients with errors', `SELECT client_ip, elb_status_code, count(*) AS requests,
       count(DISTINCT request_url) AS urls, any_value(user_agent) AS a_user_agent
FROM alb_logs
WHERE elb_status_code >= 400
GROUP BY ALL
ORDER BY requests DESC
LIMIT 50`],
  ['Rule findings by rule', `SELECT rule_title, rule_level, rule_author, count(*) AS findings,
       count(DISTINCT source_address) AS addresses, max(event_time) AS latest
FROM findings
GROUP BY ALL
ORDER BY findings DESC`],
  ['Refused at ingest', `SELECT log_type, reason, count(*) AS lines, any_value(error) AS an_error
FROM dead_letters
GROUP BY ALL
ORDER BY lines DESC`],
  ['Blocklist decisions', `SELECT decided_at, action, address, severity, detector, expires_at, enforced, decided_by, reason
FROM blocklist_changes
ORDER BY decided_at DESC
LIMIT 100`],
];

function cellContent(value) {
  if (value === null || value === undefined) {
    return { text: 'null', className: 'null' };
  }
  if (typeof value === 'object') {
    return { text: JSON.stringify(value), className: '' };
  }
  return { text: String(value), className: '' };
}

function resultTable(result) {
  const types = result.types ?? [];
  const numeric = result.columns.map((column, index) => NUMERIC_TYPE.test(String(types[index] ?? '')));
  const { wrapped, body } = table(result.columns.map((column, index) => [column, numeric[index] ? 'num' : undefined]),
    { class: 'data sql-result', 'data-test': 'sql-result', 'data-rows': result.rows.length });
  for (const row of result.rows.slice(0, SHOWN_ROWS)) {
    body.append(h('tr', { 'data-test': 'sql-row' }, result.columns.map((column, index) => {
      const { text, className } = cellContent(row[column]);
      return h('td', { class: [numeric[index] ? 'num' : '', className].join(' ').trim() || undefined }, text);
    })));
  }
  return wrapped;
}

export async function renderSql(root) {
  append(root, h('div', { class: 'page-head' }, h('h1', null, 'SQL over the lake')));
  const input = h('textarea', {
    class: 'sql-input', name: 'sql', spellcheck: 'false', autocomplete: 'off', 'data-test': 'sql-input',
    'aria-label': 'SQL', rows: 9,
  });
  const initial = new URLSearchParams(window.location.search).get('sql');
  setValue(input, initial ?? EXAMPLES[1][1]);
  const run = h('button', { type: 'submit', class: 'primary', 'data-test': 'sql-run' }, 'Run');
  const download = h('button', { type: 'button', 'data-test': 'sql-csv', disabled: true }, 'Download CSV');
  const meta = h('span', { class: 'updated', 'data-test': 'sql-meta' });
  const output = h('div', { 'data-test': 'sql-output' }, note('Run a query, or pick an example, to see its rows here.'));
  const examples = h('ul', { class: 'examples' }, EXAMPLES.map(([label, sql]) => {
    const button = h('button', { type: 'button', 'data-test': 'sql-example', 'data-example': label }, label);
    button.addEventListener('click', () => {
      setValue(input, sql);
      form.requestSubmit();
    });
    return h('li', null, button);
  }));
  const form = h('form', { 'data-test': 'sql-form' }, input,
    h('div', { class: 'result-meta' }, run, download, meta,
      h('span', { class: 'muted' }, 'Ctrl+Enter runs. One read-only statement; at most 10,000 rows.')));
  append(root,
    section('Query', null, form,
      note('Tables: vpc_flow_logs, cloudtrail_events (and the view cloudtrail_logs), alb_logs, alb_connection_logs, '
        + 'top_talkers, rejected_traffic, anomalies, alerts, findings, dead_letters, blocklist_changes — those with '
        + 'data. Times are UTC; dt and hour are text partition columns, and filters on them skip files.'),
      h('h3', null, 'Examples'), examples),
    section('Result', { 'data-test': 'sql-result-section' }, output));

  let lastResult = null;
  let running = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (running) {
      return;
    }
    const sql = input.value.trim();
    if (!sql) {
      replaceContent(output, errorMessage('Type a SELECT statement first.'));
      return;
    }
    running = true;
    run.disabled = true;
    replaceContent(meta, 'Running…');
    const started = performance.now();
    try {
      const result = await runSql(sql);
      const millis = Math.round(performance.now() - started);
      lastResult = result;
      download.disabled = false;
      replaceContent(meta, h('span', { 'data-test': 'sql-row-count', 'data-value': result.rows.length },
        `${formatCount(result.rows.length)} rows in ${formatCount(millis)} ms`));
      replaceContent(output, result.rows.length > SHOWN_ROWS
        ? note(`Showing the first ${formatCount(SHOWN_ROWS)} rows; the CSV has all ${formatCount(result.rows.length)}.`)
        : null, resultTable(result));
    } catch (failure) {
      lastResult = null;
      download.disabled = true;
      replaceContent(meta);
      replaceContent(output, errorMessage(messageOf(failure)));
    } finally {
      running = false;
      run.disabled = false;
    }
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  download.addEventListener('click', () => {
    if (!lastResult) {
      return;
    }
    const csv = toCsv(lastResult.columns, lastResult.rows);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `flowsight-query-${stamp}.csv`);
  });
}
