import { h, replaceContent } from './dom.js';
import { formatBytes, formatCompact, formatNumber, formatUtc } from './format.js';

// uPlot draws on a canvas, so its colours cannot follow CSS on their own: they are read from the stylesheet's
// custom properties and the chart is rebuilt when the theme changes.

function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

const SCALE_FORMATS = {
  bytes: (value) => formatBytes(value),
  count: (value) => formatCompact(value),
  ratio: (value) => formatNumber(value, 2),
};

const SCALE_LEGEND = {
  bytes: (value) => formatBytes(value),
  count: (value) => formatNumber(value, 2),
  ratio: (value) => formatNumber(value, 2),
};

function axis(scale, side, showGrid) {
  const format = SCALE_FORMATS[scale] ?? SCALE_FORMATS.count;
  return {
    scale,
    side,
    size: 64,
    stroke: cssColor('--chart-text'),
    grid: { show: showGrid, stroke: cssColor('--chart-grid'), width: 1 },
    ticks: { stroke: cssColor('--chart-grid'), width: 1 },
    values: (chart, values) => values.map(format),
  };
}

/** 24-hour UTC tick labels, with the date under the first tick and wherever the day changes. */
function timeTicks(chart, splits) {
  let previousDay = null;
  return splits.map((seconds) => {
    const millis = seconds * 1000;
    const day = formatUtc(millis).slice(0, 10);
    const time = formatUtc(millis, { date: false, seconds: seconds % 60 !== 0 }).replace(' UTC', '');
    const label = day === previousDay ? time : `${time}\n${day}`;
    previousDay = day;
    return label;
  });
}

function options(spec, width) {
  const scales = [...new Set(spec.series.map((series) => series.scale))];
  const axes = [{
    stroke: cssColor('--chart-text'),
    grid: { stroke: cssColor('--chart-grid'), width: 1 },
    ticks: { stroke: cssColor('--chart-grid'), width: 1 },
    values: timeTicks,
  }];
  scales.forEach((scale, index) => axes.push(axis(scale, index === 0 ? 3 : 1, index === 0)));
  return {
    width,
    height: spec.height ?? 260,
    // Logs, windows and the lake are in UTC, and so is the time axis; the legend shows the hovered minute.
    tzDate: (seconds) => globalThis.uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false } },
    scales: Object.fromEntries([['x', { time: true }], ...scales.map((scale) => [scale, { auto: true }])]),
    axes,
    series: [
      { label: 'Time (UTC)', value: (chart, seconds) => (seconds === null ? '—' : formatUtc(seconds * 1000)) },
      ...spec.series.map((series) => ({
        label: series.label,
        scale: series.scale,
        stroke: cssColor(series.color),
        width: 2,
        points: { show: series.points ?? false },
        paths: series.steps ? globalThis.uPlot.paths.stepped({ align: 1 }) : undefined,
        dash: series.dash,
        value: (chart, value) => (value === null || value === undefined ? '—'
          : (SCALE_LEGEND[series.scale] ?? SCALE_LEGEND.count)(value)),
      })),
    ],
  };
}

/**
 * A time-series chart in `container`. `spec.series` are `{label, scale: 'count'|'bytes'|'ratio', color: '--chart-1'}`;
 * `data` is uPlot's columns: `[seconds[], series1[], …]`. Returns `{update(data)}`.
 */
export function timeChart(container, spec, data) {
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': spec.description ?? 'Chart' });
  replaceContent(container, host);
  if (typeof globalThis.uPlot !== 'function') {
    replaceContent(host, h('p', { class: 'note' }, 'The chart library did not load; the numbers are in the table.'));
    return { update() {} };
  }
  let current = data;
  let chart = null;

  function build() {
    chart?.destroy();
    const width = Math.max(host.clientWidth, 280);
    chart = new globalThis.uPlot(options(spec, width), current, host);
  }

  build();
  let lastWidth = host.clientWidth;
  const resize = new ResizeObserver(() => {
    const width = Math.max(host.clientWidth, 280);
    if (chart && width !== lastWidth) {
      lastWidth = width;
      chart.setSize({ width, height: spec.height ?? 260 });
    }
  });
  resize.observe(host);
  document.addEventListener('flowsight:theme', build);

  return {
    update(next) {
      current = next;
      chart.setData(next);
    },
  };
}

/**
 * A chart of per-minute lake rows in `body` (its container tagged `data-test` = `testName`), drawn from the first rows
 * and updated in place after; `fields` are the rows' columns in the order of `spec.series`. Returns
 * `{show(rows), replaceWith(...nodes)}`: what else is shown in `body` (a note, an error) takes the chart's place, and
 * the next rows draw it anew rather than update a chart no longer on the page.
 */
export function minuteChart(body, testName, spec, fields) {
  let chart = null;
  return {
    show(rows) {
      const data = minuteColumns(rows, fields);
      if (chart) {
        chart.update(data);
        return;
      }
      const host = h('div', { 'data-test': testName, 'data-points': data[0].length });
      replaceContent(body, host);
      chart = timeChart(host, spec, data);
    },
    replaceWith(...nodes) {
      chart = null;
      replaceContent(body, ...nodes);
    },
  };
}

/** Per-minute rows (`minute` in epoch milliseconds) as uPlot columns, minutes without rows drawn as zero. */
export function minuteColumns(rows, fields) {
  const minute = 60_000;
  const byMinute = new Map(rows.map((row) => [Number(row.minute), row]));
  if (byMinute.size === 0) {
    return [[], ...fields.map(() => [])];
  }
  const first = Math.min(...byMinute.keys());
  const last = Math.max(...byMinute.keys());
  const columns = [[], ...fields.map(() => [])];
  for (let time = first; time <= last; time += minute) {
    const row = byMinute.get(time);
    columns[0].push(time / 1000);
    fields.forEach((field, index) => columns[index + 1].push(row ? Number(row[field] ?? 0) : 0));
  }
  return columns;
}
