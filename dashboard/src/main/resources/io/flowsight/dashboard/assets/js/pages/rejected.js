import { getJson, messageOf, runSql } from '../api.js';
import {
  append, cell, errorMessage, field, h, note, pageLink, replaceContent, section, selectBox, table,
} from '../dom.js';
import { formatCount, formatPercent, formatUtc, formatWindow } from '../format.js';
import { ipPagePath } from '../ip-address.js';
import { every } from '../live.js';
import { floorOfNewestDay, rejectedPerMinuteSql } from '../lake.js';
import { minuteChart } from '../chart.js';

const LIVE_EVERY = 5_000;
const TREND_EVERY = 60_000;
const TREND_HOURS = 3;
const LIMIT = 15;
const MAIN_DIMENSIONS = [
  ['vpc_src', 'By source address'],
  ['vpc_dstport', 'By destination port'],
  ['vpc_interface', 'By network interface'],
];

function keyNode(key) {
  const path = ipPagePath(key);
  return path ? pageLink(path, { class: 'mono' }, key) : h('span', { class: 'mono wrap-anywhere' }, key);
}

/** A live ranking of one rejection dimension, refreshed in place; `body` is where it renders. */
function ranking(dimension, body) {
  // The "other" card swaps dimensions in the same body: an answer for the previous one is dropped.
  body.dataset.dimension = dimension;
  return {
    async refresh(windowSize) {
      try {
        const answer = await getJson(`/api/rejected?dimension=${encodeURIComponent(dimension)}`
          + `&window=${encodeURIComponent(windowSize)}&limit=${LIMIT}`);
        if (body.dataset.dimension !== dimension) {
          return;
        }
        const entries = answer.open ?? [];
        const total = entries.reduce((sum, entry) => sum + Number(entry.value), 0);
        const { wrapped, body: rows } = table([['Key'], ['Rejected', 'num'], ['Share', 'num']]);
        for (const entry of entries) {
          rows.append(h('tr', {
            'data-test': 'rejected-row', 'data-dimension': dimension, 'data-key': entry.key, 'data-value': entry.value,
          }, cell(keyNode(entry.key)), cell(formatCount(Number(entry.value)), 'num'),
          cell(formatPercent(total > 0 ? Number(entry.value) / total : 0), 'num', `Share of the ${entries.length} listed`)));
        }
        if (entries.length === 0) {
          rows.append(h('tr', null, h('td', { class: 'empty', colspan: 3 },
            `Nothing rejected in the open ${formatWindow(windowSize)} windows.`)));
        }
        replaceContent(body, wrapped);
      } catch (failure) {
        replaceContent(body, errorMessage(messageOf(failure)));
      }
    },
  };
}

export async function renderRejected(root) {
  append(root, h('div', { class: 'page-head' }, h('h1', null, 'Rejected traffic')));
  // When the API cannot list them, the panels say why; the page keeps FlowSight's default window meanwhile.
  const { dimensions = [], windows: sizes = ['PT1M'] } = await getJson('/api/rejected').catch(() => ({}));
  const query = new URLSearchParams(window.location.search);
  const windowSize = sizes.includes(query.get('window')) ? query.get('window') : sizes[0];
  const windowSelect = selectBox({ name: 'window', 'data-test': 'window' },
    sizes.map((size) => [size, formatWindow(size)]), windowSize);
  const updated = h('span', { class: 'updated' });
  append(root, h('div', { class: 'controls' }, field('Window', windowSelect), updated));
  const mainNames = MAIN_DIMENSIONS.map(([name]) => name);
  const cards = [];
  const panels = MAIN_DIMENSIONS.filter(([name]) => dimensions.length === 0 || dimensions.includes(name))
    .map(([name, title]) => {
      const body = h('div');
      cards.push(section(title, { 'data-test': 'rejected-panel', 'data-dimension': name }, body));
      return ranking(name, body);
    });

  const others = dimensions.filter((name) => !mainNames.includes(name));
  const otherBody = h('div');
  const otherSelect = selectBox({ name: 'other-dimension', 'data-test': 'other-dimension' },
    others.map((name) => [name, name]), others[0]);
  let otherPanel = others.length > 0 ? ranking(others[0], otherBody) : null;

  const trendNote = note();
  const trendBody = h('div');
  append(root,
    h('div', { class: 'grid' }, cards),
    others.length > 0 ? section('ALB errors and CloudTrail denials', { 'data-test': 'rejected-panel-other' },
      h('div', { class: 'controls' }, field('Dimension', otherSelect)), otherBody) : null,
    section(`Rejected flows per minute, last ${TREND_HOURS} hours of data`, { 'data-test': 'rejected-trend' },
      trendNote, trendBody),
    note('Live counts sum the open windows of the chosen size (rejected VPC flows, ALB 4xx/5xx responses, denied '
      + 'CloudTrail calls); the trend reads rejected flows from the lake.'));

  const chart = minuteChart(trendBody, 'rejected-chart', {
    description: 'Rejected flows and bytes per minute',
    series: [
      { label: 'Rejected flows/min', scale: 'count', color: '--chart-3' },
      { label: 'Rejected bytes/min', scale: 'bytes', color: '--chart-2' },
    ],
  }, ['flows', 'bytes']);
  async function refreshTrend() {
    try {
      const { rows } = await runSql(rejectedPerMinuteSql(TREND_HOURS, await floorOfNewestDay('vpc_')));
      if (rows.length === 0) {
        replaceContent(trendNote, 'The lake holds no rejected flows.');
        chart.replaceWith();
        return;
      }
      replaceContent(trendNote, `Measured back from the newest flow in the lake, ${formatUtc(Number(rows[0].latest))} — `
        + 'the time of the data, not the clock.');
      chart.show(rows);
    } catch (failure) {
      const message = messageOf(failure);
      if (/does not exist|no tables with data/i.test(message)) {
        replaceContent(trendNote, 'The lake has no flows yet.');
        chart.replaceWith();
      } else {
        chart.replaceWith(errorMessage(message));
      }
    }
  }

  let current = windowSize;
  async function refreshLive() {
    const all = otherPanel ? [...panels, otherPanel] : panels;
    await Promise.allSettled(all.map((panel) => panel.refresh(current)));
    replaceContent(updated, `Updated ${formatUtc(Date.now())}`);
  }

  windowSelect.addEventListener('change', () => {
    current = windowSelect.value;
    const next = new URLSearchParams(window.location.search);
    next.set('window', current);
    window.history.replaceState(null, '', `${window.location.pathname}?${next}`);
    refreshLive();
  });
  otherSelect.addEventListener('change', () => {
    otherPanel = ranking(otherSelect.value, otherBody);
    otherPanel.refresh(current);
  });

  await Promise.allSettled([refreshLive(), refreshTrend()]);
  every(LIVE_EVERY, refreshLive);
  every(TREND_EVERY, refreshTrend);
}
