import { ApiError, getJson, getText, messageOf, runSql } from '../api.js';
import { append, cell, errorMessage, h, note, pageLink, replaceContent, section, table } from '../dom.js';
import { formatCount, formatDuration, formatRate, formatUtc, timeNode } from '../format.js';
import { every } from '../live.js';
import { METRICS_PATH, parseMetrics, ratePerSecond, summarize } from '../metrics.js';
import { floorOfNewestDay, trafficPerMinuteSql } from '../lake.js';
import { minuteChart } from '../chart.js';
import { SEVERITIES, alertStatus, severityBadge } from '../alert-view.js';

const METRICS_EVERY = 5_000;
const FIRST_RATE_AFTER = 2_000;
const HEALTH_EVERY = 5_000;
const ALERTS_EVERY = 10_000;
const TRAFFIC_EVERY = 60_000;
const TRAFFIC_HOURS = 3;
const LOG_TYPE_NAMES = { vpc: 'VPC Flow Logs', cloudtrail: 'CloudTrail', alb: 'ALB access logs', 'alb-conn': 'ALB connection logs' };

function stateClass(state) {
  return { up: 'health-up', idle: 'health-idle', warn: 'health-warn', down: 'health-down' }[state] ?? 'health-idle';
}

export async function renderOverview(root) {
  const updated = h('span', { class: 'updated' });
  append(root, h('div', { class: 'page-head' }, h('h1', null, 'Overview'), updated));

  const healthBody = h('div');
  const alertsBody = h('div');
  const ingestBody = h('div');
  const lagBody = h('div');
  const trafficBody = h('div');
  const trafficNote = note();
  append(root,
    h('div', { class: 'grid' },
      section('Health of each stage', { 'data-test': 'health' }, healthBody),
      section('Open alerts by severity', { 'data-test': 'open-alerts' }, alertsBody)),
    h('div', { class: 'grid' },
      section('Records per second by log type (live)', { 'data-test': 'ingest' }, ingestBody),
      section('Consumer lag (live)', { 'data-test': 'lag' }, lagBody)),
    section(`Flows, bytes and rejected flows per minute, last ${TRAFFIC_HOURS} hours of data`,
      { 'data-test': 'traffic' }, trafficNote, trafficBody));

  const state = {
    previous: null, latest: null, metricsError: null,
    health: null, healthError: null,
    blocklist: undefined,
    lakeError: null, lakeNewest: null,
  };
  const chart = minuteChart(trafficBody, 'traffic-chart', {
    description: 'Flows, rejected flows and bytes per minute',
    series: [
      { label: 'Flows/min', scale: 'count', color: '--chart-1' },
      { label: 'Rejected/min', scale: 'count', color: '--chart-3' },
      { label: 'Bytes/min', scale: 'bytes', color: '--chart-2' },
    ],
  }, ['flows', 'rejected', 'bytes']);

  async function refreshMetrics() {
    try {
      const text = await getText(METRICS_PATH);
      state.previous = state.latest;
      state.latest = summarize(parseMetrics(text), Date.now());
      state.metricsError = null;
    } catch (failure) {
      state.metricsError = messageOf(failure);
    }
    renderIngest();
    renderLag();
    renderHealth();
    setUpdated();
  }

  async function refreshHealth() {
    try {
      state.health = await getJson('/health');
      state.healthError = null;
    } catch (failure) {
      // /health answers 503 with its body while the stream processing is down: that is a state, not a failure.
      state.health = null;
      state.healthError = messageOf(failure);
      if (failure instanceof ApiError && failure.status === 503) {
        state.health = { status: 'DOWN', streams: 'not running' };
      }
    }
    renderHealth();
  }

  async function refreshBlocklist() {
    try {
      const answer = await getJson('/api/blocklist');
      state.blocklist = { blocked: answer.blocked?.length ?? 0, enforced: Boolean(answer.enforced) };
    } catch (failure) {
      state.blocklist = failure instanceof ApiError && (failure.status === 404 || failure.status === 400) ? null
        : { error: messageOf(failure) };
    }
    renderHealth();
  }

  async function refreshAlerts() {
    try {
      const { alerts } = await getJson('/api/alerts?limit=1000');
      renderAlertCounts(alerts);
    } catch (failure) {
      replaceContent(alertsBody, errorMessage(messageOf(failure)));
    }
  }

  async function refreshTraffic() {
    try {
      const result = await runSql(trafficPerMinuteSql(TRAFFIC_HOURS, await floorOfNewestDay('vpc_')));
      state.lakeError = null;
      renderTraffic(result.rows);
    } catch (failure) {
      state.lakeError = messageOf(failure);
      const noData = /does not exist|no tables with data/i.test(state.lakeError);
      replaceContent(trafficNote, noData
        ? 'The lake has no flows yet: the sink writes a table\'s first file when it rolls (at the latest 10 minutes after its first record).'
        : '');
      chart.replaceWith(noData ? null : errorMessage(state.lakeError));
    }
    renderHealth();
  }

  function setUpdated() {
    replaceContent(updated, state.latest ? `Live figures as of ${formatUtc(state.latest.takenAt)}` : '');
  }

  function rate(pick) {
    return ratePerSecond(state.previous, state.latest, pick);
  }

  function renderIngest() {
    if (!state.latest) {
      replaceContent(ingestBody, errorMessage(state.metricsError ?? 'No metrics yet.'));
      return;
    }
    const current = state.latest;
    if (!current.ingestKnown) {
      replaceContent(ingestBody, note('This process runs no ingester, so /metrics has no ingest meters.'));
      return;
    }
    const types = Object.keys(current.recordsByType).sort();
    const { wrapped, body } = table([['Log type'], ['Records/s', 'num'], ['Bytes/s', 'num'], ['Records', 'num'],
      ['Refused', 'num']], { 'data-test': 'ingest-table' });
    for (const type of types) {
      const records = current.recordsByType[type];
      const recordsRate = rate((scrape) => scrape.recordsByType[type]);
      const bytesRate = rate((scrape) => scrape.bytesByType[type]);
      body.append(h('tr', {
        'data-test': 'ingest-row', 'data-type': type, 'data-records': records,
        'data-rate': recordsRate === null ? null : recordsRate.toFixed(3),
      },
      cell(h('span', { title: type }, LOG_TYPE_NAMES[type] ?? type)),
      cell(recordsRate === null ? 'measuring…' : formatRate(recordsRate, 'records'), 'num'),
      cell(bytesRate === null ? '' : formatRate(bytesRate, 'bytes'), 'num'),
      cell(formatCount(records), 'num'),
      cell(formatCount(current.rejectedByType[type] ?? 0), 'num', 'Lines or events refused at ingest (dead-lettered)')));
    }
    replaceContent(ingestBody, wrapped,
      note('Rates from the last two scrapes of /metrics, ', formatDuration(METRICS_EVERY), ' apart. ',
        'Refused: lines or events sent to the dead-letter topic.'),
      state.metricsError ? errorMessage(state.metricsError) : null);
  }

  function renderLag() {
    if (!state.latest) {
      replaceContent(lagBody, errorMessage(state.metricsError ?? 'No metrics yet.'));
      return;
    }
    const { wrapped, body } = table([['Stage'], ['Behind', 'num'], ['Most behind topic']], { 'data-test': 'lag-table' });
    for (const stage of state.latest.lag) {
      const worst = stage.topics[0];
      body.append(h('tr', { 'data-test': 'lag-row', 'data-stage': stage.stage, 'data-value': stage.total },
        cell(stage.stage),
        cell(`${formatCount(stage.total)} records`, 'num'),
        cell(worst && worst.lag > 0 ? h('span', { class: 'mono' }, `${worst.topic} (${formatCount(worst.lag)})`)
          : h('span', { class: 'muted' }, 'up to date'))));
    }
    if (state.latest.lag.length === 0) {
      body.append(h('tr', null, h('td', { class: 'empty', colspan: 3 }, 'No consumer reports its lag yet: Kafka clients report it after their first fetch.')));
    }
    replaceContent(lagBody, wrapped, note('Records the consumers have yet to read (kafka_consumer_fetch_manager_records_lag).'));
  }

  function renderAlertCounts(alerts) {
    const firing = alerts.filter((alert) => alertStatus(alert) === 'firing');
    const counts = new Map(SEVERITIES.map((severity) => [severity, 0]));
    for (const alert of firing) {
      const severity = String(alert.severity).toLowerCase();
      counts.set(severity, (counts.get(severity) ?? 0) + 1);
    }
    const tiles = [...counts].filter(([severity, count]) => count > 0 || SEVERITIES.slice(0, 4).includes(severity))
      .map(([severity, count]) => pageLink(`/alerts?status=firing&severity=${encodeURIComponent(severity)}`,
        { class: 'severity-count', 'data-test': 'severity-count', 'data-severity': severity, 'data-value': count },
        h('span', { class: 'stat' }, formatCount(count)), severityBadge(severity)));
    const resolved = alerts.length - firing.length;
    replaceContent(alertsBody,
      h('div', { class: 'severity-counts' }, tiles),
      note(`${formatCount(firing.length)} firing, ${formatCount(resolved)} resolved within their quiet period. `,
        pageLink('/alerts', null, 'All alerts →')));
  }

  function renderTraffic(rows) {
    if (rows.length === 0) {
      replaceContent(trafficNote, 'The lake has no flows yet.');
      chart.replaceWith();
      return;
    }
    const newest = Number(rows[rows.length - 1].latest);
    state.lakeNewest = newest;
    replaceContent(trafficNote,
      `Measured back from the newest flow in the lake, ${formatUtc(newest)} — the time of the data, not the clock `
      + '(replayed or delayed logs lie in the past). The lake lags the live figures by up to the sink\'s roll time.');
    chart.show(rows);
  }

  /** A stage's row; `details` are text or nodes, the empty ones left out, the rest separated by commas. */
  function stageRow(stage, stateName, label, ...details) {
    const shown = details.filter((detail) => detail !== null && detail !== undefined && detail !== '');
    const detailNodes = shown.flatMap((detail, index) => (index === 0 ? [detail] : [', ', detail]));
    return h('tr', { 'data-test': 'stage-row', 'data-stage': stage, 'data-state': stateName },
      cell(stage), cell(h('span', { class: stateClass(stateName) }, label)), cell(detailNodes));
  }

  function renderHealth() {
    const { wrapped, body } = table([['Stage'], ['State'], ['Detail']], { 'data-test': 'health-table' });
    const metrics = state.latest;
    const lagOf = (name) => metrics?.lag.find((stage) => stage.stage === name)?.total ?? null;

    if (state.health) {
      const up = state.health.status === 'UP';
      const processed = rate((scrape) => scrape.streamProcessed);
      body.append(stageRow('Stream processing', up ? 'up' : 'down', `${state.health.status} (${state.health.streams})`,
        processed === null ? '' : `${formatRate(processed, 'records')} processed`,
        lagOf('Stream processing') === null ? '' : `${formatCount(lagOf('Stream processing'))} records behind`));
    } else {
      body.append(stageRow('Stream processing', 'down', 'unknown', state.healthError ?? 'asking /health…'));
    }

    if (metrics?.ingestKnown) {
      const total = Object.values(metrics.recordsByType).reduce((sum, value) => sum + value, 0);
      const refused = Object.values(metrics.rejectedByType).reduce((sum, value) => sum + value, 0);
      const perSecond = rate((scrape) => Object.values(scrape.recordsByType).reduce((sum, value) => sum + value, 0));
      const reading = perSecond !== null && perSecond > 0;
      body.append(stageRow('Ingest', reading ? 'up' : 'idle', reading ? 'reading' : 'idle',
        `${formatCount(total)} records`, perSecond === null ? '' : formatRate(perSecond, 'records'),
        `${formatCount(refused)} refused`));
    } else if (metrics) {
      body.append(stageRow('Ingest', 'idle', 'not in this process', 'No ingest meters on /metrics.'));
    }

    if (metrics && metrics.sinkWritten !== null) {
      const perSecond = rate((scrape) => scrape.sinkWritten);
      const behind = lagOf('Lake sink');
      const writing = perSecond !== null && perSecond > 0;
      const stateName = writing ? 'up' : behind > 0 && perSecond === 0 ? 'warn' : 'idle';
      body.append(stageRow('Lake sink', stateName, writing ? 'writing' : behind > 0 ? 'behind' : 'up to date',
        `${formatCount(metrics.sinkWritten)} records written`,
        perSecond === null ? '' : formatRate(perSecond, 'records'),
        behind === null ? '' : `${formatCount(behind)} records behind`));
    } else if (metrics) {
      body.append(stageRow('Lake sink', 'idle', 'not in this process', 'No sink meters on /metrics.'));
    }

    if (state.lakeError) {
      const noData = /does not exist|no tables with data/i.test(state.lakeError);
      body.append(stageRow('Lake (SQL)', noData ? 'idle' : 'down', noData ? 'no data yet' : 'failing', state.lakeError));
    } else if (state.lakeNewest !== null) {
      body.append(stageRow('Lake (SQL)', 'up', 'answering', h('span', null, 'newest flow ', timeNode(state.lakeNewest))));
    }

    if (metrics && metrics.notifySent !== null) {
      const failing = (metrics.notifyDeadLettered ?? 0) > 0;
      body.append(stageRow('Alert delivery', failing ? 'warn' : 'up', 'delivering',
        `${formatCount(metrics.notifySent)} sent, ${formatCount(metrics.notifyFailed ?? 0)} failed attempts, `
        + `${formatCount(metrics.notifyDeadLettered ?? 0)} dead-lettered`));
    }

    if (state.blocklist === null) {
      body.append(stageRow('Blocklist', 'idle', 'not configured', 'This process keeps no blocklist.'));
    } else if (state.blocklist?.error) {
      body.append(stageRow('Blocklist', 'warn', 'unknown', state.blocklist.error));
    } else if (state.blocklist) {
      body.append(stageRow('Blocklist', 'up', state.blocklist.enforced ? 'enforcing' : 'dry-run',
        `${formatCount(state.blocklist.blocked)} addresses blocked${state.blocklist.enforced ? '' : ' (recorded, no target changed)'}`));
    }
    replaceContent(healthBody, wrapped);
  }

  await Promise.allSettled([refreshMetrics(), refreshHealth(), refreshAlerts(), refreshTraffic(), refreshBlocklist()]);
  // The first rate needs a second scrape; take it soon rather than a full period later.
  setTimeout(() => {
    refreshMetrics().finally(() => every(METRICS_EVERY, refreshMetrics));
  }, FIRST_RATE_AFTER);
  every(HEALTH_EVERY, refreshHealth);
  every(ALERTS_EVERY, refreshAlerts);
  every(TRAFFIC_EVERY, refreshTraffic);
  every(TRAFFIC_EVERY, refreshBlocklist);
}
