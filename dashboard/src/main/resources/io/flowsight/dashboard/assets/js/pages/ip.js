import { getJson, messageOf, runSql } from '../api.js';
import {
  append, cell, errorMessage, field, h, note, pageLink, replaceContent, section, selectBox, table,
} from '../dom.js';
import {
  durationMillis, formatBytes, formatCount, formatNumber, formatWindow, timeNode,
} from '../format.js';
import { ipPagePath, isIpAddress } from '../ip-address.js';
import {
  anomaliesSql, firstDayOf, floorOfNewestDay, lakeTables, newestDaySql, peersSql, timelineSql,
} from '../lake.js';
import { timeChart } from '../chart.js';
import { ALERT_COLUMNS, alertCells, alertRowAttributes, scopeTag } from '../alert-view.js';

const PEER_LIMIT = 25;
const TIMELINE_PER_SOURCE = 200;
const ACTIVITY_FIRST_ROWS = 6;
const SOURCES = [['', 'every source'], ['flow', 'VPC flows'], ['cloudtrail', 'CloudTrail'], ['alb', 'ALB requests'],
  ['finding', 'rule findings'], ['alert', 'alerts']];
// The lake sections read whole days of partitions, so that DuckDB opens only those days' files: an address's history
// over a lake of months would otherwise read every file. Counted back from the newest day of data, not the clock.
const PERIODS = [['2', 'the last 2 days of data'], ['7', 'the last 7 days of data'], ['all', 'all the lake holds']];
const PAGE_TABLES = ['vpc_flow_logs', 'cloudtrail_events', 'alb_logs', 'findings', 'alerts', 'anomalies'];

function counterText(name, value) {
  return /bytes/.test(name) ? formatBytes(Number(value)) : formatCount(Number(value));
}

function addressLink(address) {
  const path = ipPagePath(address);
  return path ? pageLink(path, { class: 'mono' }, address) : h('span', { class: 'mono' }, String(address ?? ''));
}

function measures(entries, format) {
  return h('div', { class: 'measures' }, entries.map(([name, value]) => h('span', { class: 'measure' },
    h('span', { class: 'muted' }, `${name.replaceAll('_', ' ')} `), h('span', { class: 'num-inline' }, format(name, value)))));
}

function renderActivity(container, activity) {
  if (activity.length === 0) {
    replaceContent(container, note('No open window holds records of this address.'));
    return;
  }
  const { wrapped, body } = table([['Tally'], ['Window (UTC)'], ['Counters and distinct counts']],
    { 'data-test': 'activity-table' });
  // The longest windows first (they sum the shorter ones), then the newest.
  const ordered = [...activity].sort((a, b) => String(a.tally).localeCompare(String(b.tally))
    || (durationMillis(b.window) - durationMillis(a.window)) || String(b.windowStart).localeCompare(String(a.windowStart)));
  const more = h('button', { type: 'button', 'data-test': 'activity-more' }, `Show all ${ordered.length} open windows`);
  more.hidden = ordered.length <= ACTIVITY_FIRST_ROWS;
  more.addEventListener('click', () => {
    body.querySelectorAll('tr[hidden]').forEach((row) => { row.hidden = false; });
    more.hidden = true;
  });
  for (const [index, item] of ordered.entries()) {
    const counters = Object.entries(item.counters ?? {}).filter(([, value]) => Number(value) !== 0);
    const distincts = Object.entries(item.distincts ?? {}).filter(([, value]) => Number(value) !== 0);
    body.append(h('tr', { 'data-test': 'activity-row', 'data-tally': item.tally, 'data-window': item.window,
      hidden: index >= ACTIVITY_FIRST_ROWS },
      cell(h('span', { class: 'mono' }, String(item.tally))),
      cell([`${formatWindow(item.window)} from `, timeNode(item.windowStart, { seconds: false })], 'nowrap'),
      cell(counters.length + distincts.length > 0
        ? [measures(counters, counterText), measures(distincts.map(([name, value]) => [`distinct ${name}`, value]),
          (name, value) => formatCount(Number(value)))]
        : h('span', { class: 'muted' }, 'nothing counted'))));
  }
  replaceContent(container, wrapped, more, note('Every open window of each size, still growing.'));
}

function renderAlerts(container, alerts, address) {
  const { wrapped, body } = table(ALERT_COLUMNS, { class: 'data stack', 'data-test': 'ip-alerts-table' });
  for (const alert of alerts) {
    body.append(h('tr', alertRowAttributes(alert), alertCells(alert)));
  }
  if (alerts.length === 0) {
    body.append(h('tr', null, h('td', { class: 'empty', colspan: ALERT_COLUMNS.length }, 'No alert on this address is held live.')));
  }
  replaceContent(container, wrapped,
    note(pageLink(`/alerts?address=${encodeURIComponent(address)}`, null, 'Silence or block on the alerts page →')));
}

function renderPeers(container, rows) {
  if (rows.length === 0) {
    replaceContent(container, note('No flow in the lake has this address on either side.'));
    return;
  }
  const { wrapped, body } = table([['Peer'], ['Direction'], ['Flows', 'num'], ['Bytes', 'num'], ['Rejected', 'num'],
    ['Ports', 'num'], ['First seen'], ['Last seen']], { 'data-test': 'peers-table' });
  for (const row of rows) {
    body.append(h('tr', { 'data-test': 'peer-row', 'data-key': row.peer, 'data-value': row.bytes },
      cell(addressLink(row.peer)), cell(String(row.direction)),
      cell(formatCount(Number(row.flows)), 'num'), cell(formatBytes(Number(row.bytes)), 'num', `${formatCount(Number(row.bytes))} bytes`),
      cell(formatCount(Number(row.rejected)), 'num'), cell(formatCount(Number(row.ports)), 'num'),
      cell(timeNode(row.first_seen), 'nowrap'), cell(timeNode(row.last_seen), 'nowrap')));
  }
  replaceContent(container, wrapped, note(`The ${PEER_LIMIT} peers with the most bytes, from the lake.`));
}

function renderAnomalies(container, rows) {
  if (rows.length === 0) {
    replaceContent(container, note('The lake holds no anomaly window of this address (they are written when a window closes).'));
    return;
  }
  const detectors = [...new Set(rows.map((row) => row.detector))];
  const picker = selectBox({ name: 'detector', 'data-test': 'anomaly-detector' }, detectors.map((name) => [name, name]),
    detectors[0]);
  const chartHost = h('div', { 'data-test': 'anomaly-chart' });
  const { wrapped, body } = table([['Window'], ['Detector'], ['Observed', 'num'], ['Expected', 'num'],
    ['Spread', 'num'], ['Score', 'num'], ['Threshold', 'num']], { 'data-test': 'anomalies-table' });
  for (const row of [...rows].reverse()) {
    body.append(h('tr', { 'data-test': 'anomaly-row', 'data-detector': row.detector },
      cell(timeNode(row.window_start), 'nowrap'), cell(h('span', { class: 'mono' }, String(row.detector))),
      cell(formatNumber(Number(row.observed)), 'num'), cell(formatNumber(Number(row.expected)), 'num'),
      cell(formatNumber(Number(row.spread)), 'num'), cell(formatNumber(Number(row.score)), 'num'),
      cell(formatNumber(Number(row.threshold)), 'num')));
  }
  let chart = null;
  function draw() {
    const chosen = rows.filter((row) => row.detector === picker.value);
    const data = [chosen.map((row) => Number(row.window_start) / 1000), chosen.map((row) => Number(row.observed)),
      chosen.map((row) => Number(row.expected))];
    if (chart) {
      chart.update(data);
      return;
    }
    chart = timeChart(chartHost, {
      description: 'Observed against expected per window',
      series: [
        { label: 'Observed', scale: 'count', color: '--chart-3', points: true },
        { label: 'Expected (baseline)', scale: 'count', color: '--chart-1', points: true, dash: [6, 4] },
      ],
    }, data);
  }
  picker.addEventListener('change', draw);
  replaceContent(container, detectors.length > 1 ? h('div', { class: 'controls' }, field('Detector', picker)) : null,
    chartHost, wrapped);
  draw();
}

function timelineRow(row) {
  const source = String(row.source);
  return h('tr', { 'data-test': 'timeline-row', 'data-source': source, 'data-time': row.time },
    cell(timeNode(row.time), 'nowrap'),
    cell(h('span', { class: `source-${source}` }, source), 'source'),
    cell(h('span', { class: 'wrap-anywhere' }, String(row.what ?? '')), 'what'),
    cell(String(row.status ?? ''), 'nowrap'),
    cell(row.bytes === null || row.bytes === undefined ? '' : formatBytes(Number(row.bytes)), 'num'),
    cell(row.agent === null || row.agent === undefined ? '' : h('span', { class: 'mono wrap-anywhere' }, String(row.agent)),
      'agent'),
    cell(row.actor === null || row.actor === undefined ? '' : h('span', { class: 'mono wrap-anywhere' }, String(row.actor)),
      'actor'),
    cell(row.detail === null || row.detail === undefined ? '' : h('span', { class: 'detail wrap-anywhere' }, String(row.detail)),
      'detail'));
}

// A long timeline shows its newest rows first and the rest on request, so the page stays quick to scan.
const TIMELINE_FIRST_ROWS = 100;

function renderTimeline(container, rows, counter) {
  const sourceSelect = selectBox({ name: 'source', 'data-test': 'timeline-source' }, SOURCES, '');
  const { wrapped, body } = table([['Time (UTC)'], ['Source'], ['What'], ['Status'], ['Bytes', 'num'], ['User agent'],
    ['Principal / interface'], ['Detail']], { class: 'data timeline', 'data-test': 'timeline-table' });
  const more = h('button', { type: 'button', 'data-test': 'timeline-more' });
  let showAll = false;
  function fill() {
    const matching = rows.filter((row) => !sourceSelect.value || row.source === sourceSelect.value);
    const shown = showAll ? matching : matching.slice(0, TIMELINE_FIRST_ROWS);
    replaceContent(body, shown.map(timelineRow));
    if (matching.length === 0) {
      body.append(h('tr', null, h('td', { class: 'empty', colspan: 8 }, 'Nothing from this source.')));
    }
    more.hidden = shown.length === matching.length;
    replaceContent(more, `Show all ${formatCount(matching.length)} events`);
  }
  sourceSelect.addEventListener('change', fill);
  more.addEventListener('click', () => {
    showAll = true;
    fill();
  });
  const perSource = new Map();
  for (const row of rows) {
    perSource.set(row.source, (perSource.get(row.source) ?? 0) + 1);
  }
  const capped = [...perSource].filter(([, count]) => count >= TIMELINE_PER_SOURCE).map(([source]) => source);
  const bySource = [...perSource].map(([source, count]) => `${formatCount(count)} ${source}`).join(', ');
  replaceContent(counter, `${formatCount(rows.length)} events${bySource ? ` (${bySource})` : ''}`);
  replaceContent(container, h('div', { class: 'controls' }, field('Source', sourceSelect), counter),
    capped.length > 0 ? note(`At most the newest ${TIMELINE_PER_SOURCE} of each source; ${capped.join(', ')} has more `
      + '— the SQL page reads them all.') : null,
    wrapped, more);
  fill();
}

export async function renderIp(root, address) {
  const head = h('div', { class: 'page-head' }, h('h1', { class: 'address-title' }, String(address ?? '')));
  append(root, head);
  if (!isIpAddress(address)) {
    root.append(errorMessage(`“${address}” is not an IP address: the IP page takes an IPv4 or IPv6 address such as `
      + '203.0.113.45 or 2001:db8::1.'));
    return;
  }
  const scope = h('span', { 'data-test': 'ip-scope' });
  const heldBy = h('span', { class: 'updated' });
  append(head, scope, heldBy);

  const alertsBody = h('div');
  const activityBody = h('div');
  const peersBody = h('div');
  const anomaliesBody = h('div');
  const timelineBody = h('div');
  const timelineCount = h('span', { class: 'updated' });
  const chosen = new URLSearchParams(window.location.search).get('period');
  const periodSelect = selectBox({ name: 'period', 'data-test': 'lake-period' }, PERIODS,
    PERIODS.some(([value]) => value === chosen) ? chosen : PERIODS[0][0]);
  const periodNote = h('span', { class: 'updated', 'data-test': 'lake-period-note' });
  append(root,
    section('Alerts (live)', { 'data-test': 'ip-alerts' }, alertsBody),
    section('Talkers: its tallies in the open windows (live)', { 'data-test': 'ip-activity' }, activityBody),
    h('div', { class: 'controls' }, field('Lake sections below', periodSelect), periodNote),
    section('Anomalies against its baseline (lake)', { 'data-test': 'ip-anomalies' }, anomaliesBody),
    section('Peers (lake)', { 'data-test': 'ip-peers' }, peersBody),
    section('Timeline: flows, CloudTrail, ALB, findings and alerts (lake), newest first', { 'data-test': 'ip-timeline' },
      timelineBody));

  async function loadLive() {
    try {
      const answer = await getJson(`/api/ip/${encodeURIComponent(address)}`);
      replaceContent(heldBy, `held by ${answer.held_by ?? 'this instance'}`);
      if (typeof answer.internal === 'boolean') {
        replaceContent(scope, scopeTag(answer.internal));
      }
      renderActivity(activityBody, answer.report?.activity ?? []);
      renderAlerts(alertsBody, (answer.report?.alerts ?? []).map((alert) => ({ ...alert, internal: answer.internal })),
        address);
    } catch (failure) {
      replaceContent(activityBody, errorMessage(messageOf(failure)));
      replaceContent(alertsBody, errorMessage(messageOf(failure)));
    }
  }

  let lakeLoads = 0;
  async function loadLake() {
    // A load for a later choice of period wins: one still waiting for the lake drops what it gets back.
    const load = ++lakeLoads;
    const current = () => load === lakeLoads;
    const failed = (bodies, failure) => {
      if (current()) {
        bodies.forEach((body) => replaceContent(body, errorMessage(messageOf(failure))));
      }
    };
    let tables;
    try {
      tables = await lakeTables();
    } catch (failure) {
      failed([peersBody, anomaliesBody, timelineBody], failure);
      return;
    }
    let firstDay = null;
    try {
      const present = PAGE_TABLES.filter((table) => tables.has(table));
      if (periodSelect.value !== 'all' && present.length > 0) {
        const newest = (await runSql(newestDaySql(present, await floorOfNewestDay()))).rows[0]?.day ?? null;
        firstDay = newest === null ? null : firstDayOf(newest, periodSelect.value);
      }
    } catch (failure) {
      failed([peersBody, anomaliesBody, timelineBody], failure);
      return;
    }
    if (!current()) {
      return;
    }
    replaceContent(periodNote, firstDay === null ? 'every day the lake holds'
      : `UTC days from ${firstDay} on (the newest day of data and the ones before)`);
    const attempt = async (body, run) => {
      try {
        await run();
      } catch (failure) {
        failed([body], failure);
      }
    };
    await attempt(timelineBody, async () => {
      const sql = timelineSql(address, tables, TIMELINE_PER_SOURCE, firstDay);
      if (sql === null) {
        replaceContent(timelineBody, note('The lake has no table with data yet.'));
        return;
      }
      const { rows } = await runSql(sql);
      if (current()) {
        renderTimeline(timelineBody, rows, timelineCount);
      }
    });
    await attempt(peersBody, async () => {
      if (!tables.has('vpc_flow_logs')) {
        replaceContent(peersBody, note('The lake has no flows yet.'));
        return;
      }
      const { rows } = await runSql(peersSql(address, PEER_LIMIT, firstDay));
      if (current()) {
        renderPeers(peersBody, rows);
      }
    });
    await attempt(anomaliesBody, async () => {
      if (!tables.has('anomalies')) {
        replaceContent(anomaliesBody, note('The lake holds no anomaly windows yet (they are written when a window closes).'));
        return;
      }
      const { rows } = await runSql(anomaliesSql(address, firstDay));
      if (current()) {
        renderAnomalies(anomaliesBody, rows);
      }
    });
  }

  periodSelect.addEventListener('change', () => {
    const query = new URLSearchParams(window.location.search);
    query.set('period', periodSelect.value);
    window.history.replaceState(null, '', `${window.location.pathname}?${query}`);
    loadLake();
  });

  await Promise.allSettled([loadLive(), loadLake()]);
}
