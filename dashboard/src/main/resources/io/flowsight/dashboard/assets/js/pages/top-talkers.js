import { ApiError, getJson, messageOf } from '../api.js';
import {
  append, errorMessage, field, h, note, pageLink, replaceContent, section, selectBox,
} from '../dom.js';
import {
  formatCount, formatMeasure, formatPercent, formatUtc, formatWindow, sameUtcDay, unitOfDimension,
} from '../format.js';
import { ipPagePath } from '../ip-address.js';
import { every } from '../live.js';

const OPEN_EVERY = 3_000;
const CLOSED_EVERY = 15_000;
const CLOSED_COUNTS = ['1', '3', '5', '10'];
const NEWEST = 'newest';

/** The page's choices from the URL, each one of those the API offers (`windowSizes`: flowsight.topology.windows). */
function readSettings(dimensions, windowSizes) {
  const query = new URLSearchParams(window.location.search);
  const dimension = dimensions.includes(query.get('dimension')) ? query.get('dimension')
    : dimensions.includes('vpc_src_bytes') ? 'vpc_src_bytes' : dimensions[0];
  const size = windowSizes.includes(query.get('window')) ? query.get('window') : windowSizes[0];
  const closed = CLOSED_COUNTS.includes(query.get('closed')) ? query.get('closed') : '3';
  return { dimension, window: size, closed };
}

function writeSettings(settings) {
  const query = new URLSearchParams({ dimension: settings.dimension, window: settings.window, closed: settings.closed });
  window.history.replaceState(null, '', `${window.location.pathname}?${query}`);
}

function keyNode(key) {
  const path = ipPagePath(key);
  return path ? pageLink(path, { class: 'key', title: key }, key) : h('span', { class: 'key', title: key }, key);
}

function hasBounds(list) {
  return list.mode === 'sketch' || (list.maxError !== null && list.maxError !== undefined)
    || list.entries.some((entry) => entry.lowerBound !== entry.upperBound);
}

function createRow(key) {
  const fill = h('div', { class: 'bar-fill' });
  const bound = h('div', { class: 'bar-bound' });
  return h('li', { class: 'bar-row', 'data-test': 'talker-row', 'data-key': key },
    h('span', { class: 'rank' }), keyNode(key), h('div', { class: 'bar-track' }, fill, bound),
    h('span', { class: 'value' }), h('span', { class: 'share' }), h('span', { class: 'bounds' }));
}

/**
 * Shows a ranked list as bars, updating rows in place by key: a key that stays keeps its element, so the live
 * window's numbers and bars move instead of the list being redrawn.
 */
function updateBars(list, ranked, unit) {
  const entries = ranked.entries;
  const withBounds = hasBounds(ranked);
  const total = entries.reduce((sum, entry) => sum + Number(entry.value), 0);
  const longest = Math.max(1, ...entries.map((entry) => Number(entry.upperBound ?? entry.value)));
  const unused = new Map([...list.children].map((row) => [row.dataset.key, row]));
  const rows = entries.map((entry, index) => {
    const row = unused.get(entry.key) ?? createRow(entry.key);
    unused.delete(entry.key);
    const [rank, , track, value, share, bounds] = row.children;
    const [fill, bound] = track.children;
    const lower = Number(entry.lowerBound ?? entry.value);
    const upper = Number(entry.upperBound ?? entry.value);
    row.dataset.value = String(entry.value);
    row.dataset.rank = String(index + 1);
    rank.textContent = String(index + 1);
    value.textContent = formatMeasure(Number(entry.value), unit);
    value.title = `${formatCount(Number(entry.value))} ${unit}`;
    share.textContent = formatPercent(total > 0 ? Number(entry.value) / total : 0);
    share.title = `Share of the ${entries.length} listed`;
    fill.style.width = `${(100 * (withBounds ? lower : Number(entry.value))) / longest}%`;
    bound.style.left = `${(100 * lower) / longest}%`;
    bound.style.width = withBounds ? `${(100 * (upper - lower)) / longest}%` : '0';
    bounds.hidden = !withBounds;
    bounds.textContent = withBounds
      ? `between ${formatMeasure(lower, unit)} and ${formatMeasure(upper, unit)}` : '';
    if (withBounds) {
      row.dataset.lowerBound = String(lower);
      row.dataset.upperBound = String(upper);
    } else {
      delete row.dataset.lowerBound;
      delete row.dataset.upperBound;
    }
    return row;
  });
  unused.forEach((row) => row.remove());
  rows.forEach((row, index) => {
    if (list.children[index] !== row) {
      list.insertBefore(row, list.children[index] ?? null);
    }
  });
}

function windowRange(ranked) {
  const start = Number(ranked.windowStart);
  const end = start + Number(ranked.windowSize);
  return `${formatUtc(start)} → ${formatUtc(end, { date: !sameUtcDay(start, end) })}`;
}

function windowMeta(ranked) {
  const parts = [
    h('span', null, 'window ', h('strong', null, windowRange(ranked))),
    h('span', null, 'mode ', h('span', { class: 'tag' }, String(ranked.mode))),
  ];
  if (ranked.maxError !== null && ranked.maxError !== undefined) {
    parts.push(h('span', { title: 'The frequent-items sketch\'s maximum absolute error for this window' },
      `sketch error ≤ ${formatCount(Number(ranked.maxError))}`));
  }
  return h('div', { class: 'window-meta' }, parts);
}

export async function renderTopTalkers(root) {
  const head = h('div', { class: 'page-head' }, h('h1', null, 'Top talkers'));
  append(root, head);
  const { dimensions, windows: windowSizes } = await getJson('/api/top-talkers');
  if (!dimensions || dimensions.length === 0) {
    root.append(note('This FlowSight ranks no dimensions.'));
    return;
  }
  const settings = readSettings(dimensions, windowSizes);

  const dimensionSelect = selectBox({ name: 'dimension', 'data-test': 'dimension' },
    dimensions.map((name) => [name, name]), settings.dimension);
  const windowSelect = selectBox({ name: 'window', 'data-test': 'window' },
    windowSizes.map((size) => [size, formatWindow(size)]), settings.window);
  const closedSelect = selectBox({ name: 'closed', 'data-test': 'closed-count' },
    CLOSED_COUNTS.map((count) => [count, count]), settings.closed);
  const openSelect = selectBox({ name: 'open-window', 'data-test': 'open-window-select' }, [[NEWEST, 'newest']], NEWEST);
  const updated = h('span', { class: 'updated' });
  append(root, h('div', { class: 'controls' },
    field('Dimension', dimensionSelect), field('Window', windowSelect), field('Open window', openSelect),
    field('Closed windows shown', closedSelect), updated));

  const openMeta = h('div');
  const openList = h('ol', { class: 'bars', 'data-test': 'open-window' });
  const openMessage = h('div');
  const closedBody = h('div');
  append(root,
    section('Open window — live, updating', { 'data-test': 'open-section' }, openMeta, openMessage, openList,
      note('Share is of the listed entries; values grow until the window closes.')),
    section('Last closed windows — final', { 'data-test': 'closed-section' }, closedBody));

  let generation = 0;

  async function refreshOpen() {
    const asked = generation;
    const { dimension, window: size } = settings;
    try {
      const answer = await getJson(`/api/top-talkers?dimension=${encodeURIComponent(dimension)}&window=${encodeURIComponent(size)}`);
      if (asked !== generation) return;
      const windows = [...answer.open].sort((a, b) => b.windowStart - a.windowStart);
      const choice = openSelect.value;
      replaceContent(openSelect, h('option', { value: NEWEST }, `newest${windows.length > 1 ? ` of ${windows.length} open` : ''}`),
        windows.map((ranked) => h('option', { value: String(ranked.windowStart) }, formatUtc(ranked.windowStart))));
      openSelect.value = windows.some((ranked) => String(ranked.windowStart) === choice) ? choice : NEWEST;
      const shown = openSelect.value === NEWEST ? windows[0]
        : windows.find((ranked) => String(ranked.windowStart) === openSelect.value);
      replaceContent(openMessage);
      if (!shown) {
        replaceContent(openMeta);
        updateBars(openList, { entries: [] }, unitOfDimension(dimension));
        replaceContent(openMessage, note(`No ${formatWindow(size)} window of ${dimension} is open: no records arrived `
          + 'since the last one closed, or this window size is not configured.'));
      } else {
        replaceContent(openMeta, windowMeta(shown));
        openList.dataset.windowStart = String(shown.windowStart);
        updateBars(openList, shown, unitOfDimension(dimension));
      }
      replaceContent(updated, `Updated ${formatUtc(Date.now())}`);
    } catch (failure) {
      if (asked !== generation) return;
      replaceContent(openMeta);
      updateBars(openList, { entries: [] }, unitOfDimension(dimension));
      // Sketch mode ranks some dimensions only when their windows close: that is how it works, not a failure.
      const bySketch = failure instanceof ApiError && failure.status === 400 && /sketch mode/i.test(failure.message);
      replaceContent(openMessage, bySketch ? note(failure.message) : errorMessage(messageOf(failure)));
    }
  }

  async function refreshClosed() {
    const asked = generation;
    const { dimension, window: size, closed } = settings;
    try {
      const answer = await getJson(`/api/top-talkers?dimension=${encodeURIComponent(dimension)}`
        + `&window=${encodeURIComponent(size)}&closed=${encodeURIComponent(closed)}`);
      if (asked !== generation) return;
      if (answer.closed.length === 0) {
        replaceContent(closedBody, note(`No ${formatWindow(size)} window of ${dimension} has closed yet. A window closes `
          + 'once event time passes its end plus the grace period.'));
        return;
      }
      replaceContent(closedBody, answer.closed.map((ranked) => {
        const list = h('ol', { class: 'bars', 'data-test': 'closed-window', 'data-window-start': ranked.windowStart });
        updateBars(list, ranked, unitOfDimension(dimension));
        return h('div', { class: 'closed-window' }, windowMeta(ranked), list);
      }));
    } catch (failure) {
      if (asked !== generation) return;
      replaceContent(closedBody, errorMessage(messageOf(failure)));
    }
  }

  async function refreshAll() {
    await Promise.allSettled([refreshOpen(), refreshClosed()]);
  }

  function onSettingsChange() {
    settings.dimension = dimensionSelect.value;
    settings.window = windowSelect.value;
    settings.closed = closedSelect.value;
    writeSettings(settings);
    generation += 1;
    replaceContent(openList);
    openSelect.value = NEWEST;
    refreshAll();
  }

  dimensionSelect.addEventListener('change', onSettingsChange);
  windowSelect.addEventListener('change', onSettingsChange);
  closedSelect.addEventListener('change', onSettingsChange);
  openSelect.addEventListener('change', () => {
    replaceContent(openList);
    refreshOpen();
  });

  await refreshAll();
  every(OPEN_EVERY, refreshOpen);
  every(CLOSED_EVERY, refreshClosed);
}
