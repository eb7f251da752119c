import { ApiError, getJson, messageOf, postJson } from '../api.js';
import {
  append, errorMessage, field, h, note, replaceContent, section, selectBox, setValue, table,
} from '../dom.js';
import { formatCount, formatUtc, timeNode, toMillis } from '../format.js';
import { cidrContains, parseCidr } from '../ip-address.js';
import { every } from '../live.js';
import {
  ALERT_COLUMNS, SEVERITIES, alertCells, alertRowAttributes, alertStatus, detectorLabel, severityRank,
} from '../alert-view.js';

const REFRESH_EVERY = 10_000;
const ALERT_LIMIT = 1000;
const DURATIONS = [['1h', '1 hour'], ['4h', '4 hours'], ['24h', '24 hours'], ['7d', '7 days']];
const ALL = '';

function readFilters() {
  const query = new URLSearchParams(window.location.search);
  return {
    severity: query.get('severity') ?? ALL,
    status: query.get('status') ?? ALL,
    detector: query.get('detector') ?? ALL,
    address: query.get('address') ?? query.get('ip') ?? '',
  };
}

function writeFilters(filters) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value) {
      query.set(name, value);
    }
  }
  const search = query.toString();
  window.history.replaceState(null, '', search ? `${window.location.pathname}?${search}` : window.location.pathname);
}

/** An address filter that parses as an address or range matches by containment, anything else as a substring. */
function addressMatches(filter, address) {
  if (!filter) {
    return true;
  }
  if (parseCidr(filter)) {
    return cidrContains(filter, address);
  }
  return String(address).toLowerCase().includes(filter.toLowerCase());
}

function matches(alert, filters) {
  return (!filters.severity || String(alert.severity).toLowerCase() === filters.severity)
    && (!filters.status || alertStatus(alert) === filters.status)
    && (!filters.detector || alert.detector === filters.detector)
    && addressMatches(filters.address, alert.ip);
}

function holdsNow(silence) {
  const ends = toMillis(silence.endsAt);
  const starts = toMillis(silence.startsAt);
  const now = Date.now();
  return (ends === null || ends > now) && (starts === null || starts <= now);
}

export async function renderAlerts(root) {
  const filters = readFilters();
  const summary = h('span', { class: 'updated' });
  append(root, h('div', { class: 'page-head' }, h('h1', null, 'Alerts'), summary));

  const severitySelect = selectBox({ name: 'severity', 'data-test': 'filter-severity' },
    [[ALL, 'any'], ...SEVERITIES.map((severity) => [severity, severity])], filters.severity);
  const statusSelect = selectBox({ name: 'status', 'data-test': 'filter-status' },
    [[ALL, 'any'], ['firing', 'firing'], ['resolved', 'resolved']], filters.status);
  const detectorSelect = selectBox({ name: 'detector', 'data-test': 'filter-detector' }, [[ALL, 'any']], ALL);
  const addressInput = h('input', {
    name: 'address', type: 'search', placeholder: '203.0.113.0/24 or part of one', spellcheck: 'false',
    autocomplete: 'off', 'data-test': 'filter-address', class: 'mono',
  });
  setValue(addressInput, filters.address);
  append(root, h('div', { class: 'controls' },
    field('Severity', severitySelect), field('Status', statusSelect), field('Detector', detectorSelect),
    field('Address', addressInput)));

  const capabilities = h('div');
  const { wrapped, body } = table([...ALERT_COLUMNS, ['Actions']], { class: 'data stack', 'data-test': 'alerts-table' });
  const message = h('div');
  append(root, section('Alerts held live, newest first', { 'data-test': 'alerts-section' }, capabilities, message,
    wrapped, note('One alert per address and detector: firing (extended through its quiet period) or resolved '
      + 'within the last quiet period. Older alerts are in the lake: ', h('span', { class: 'mono' },
      'SELECT * FROM alerts'), ' on the SQL page.')));

  let alerts = [];
  let silences = null;
  let blocklist = null;
  let openForms = 0;
  let renderPending = false;

  function silenceOf(alert) {
    return (silences ?? []).find((silence) => holdsNow(silence) && cidrContains(silence.address, alert.ip)
      && (!silence.detector || silence.detector === alert.detector));
  }

  function blockOf(address) {
    return (blocklist?.blocked ?? []).find((entry) => cidrContains(entry.address, address));
  }

  function fillDetectors() {
    const detectors = new Map();
    for (const alert of alerts) {
      detectors.set(alert.detector, detectorLabel(alert));
    }
    if (filters.detector && !detectors.has(filters.detector)) {
      detectors.set(filters.detector, filters.detector);
    }
    const options = [...detectors].sort((a, b) => a[1].localeCompare(b[1]));
    replaceContent(detectorSelect, h('option', { value: ALL }, 'any'),
      options.map(([value, label]) => h('option', { value }, label)));
    detectorSelect.value = filters.detector;
  }

  function renderCapabilities() {
    const parts = [];
    if (blocklist) {
      parts.push(`Blocklist: ${blocklist.enforced ? 'enforcing' : 'dry-run (decisions recorded, no target changed)'}, `
        + `${formatCount(blocklist.blocked?.length ?? 0)} addresses blocked.`);
    } else {
      parts.push('Blocking is not configured in this process (start it with --blocklist, --block-min-severity or --enforce).');
    }
    if (silences === null) {
      parts.push(' This process keeps no silences.');
    } else {
      parts.push(` ${formatCount(silences.filter(holdsNow).length)} silences hold now.`);
    }
    replaceContent(capabilities, note(parts));
  }

  function closeForm(row) {
    row.remove();
    openForms -= 1;
    if (openForms === 0 && renderPending) {
      renderRows();
    }
  }

  function actionRow(alertRow, title, controls, submitLabel, send) {
    const outcome = h('div');
    const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const form = h('form', { class: 'action-form', 'data-test': 'action-form' },
      h('strong', null, title), controls, submit, cancel, outcome);
    const row = h('tr', { class: 'action-row' }, h('td', { colspan: ALERT_COLUMNS.length + 1 }, form));
    alertRow.after(row);
    openForms += 1;
    cancel.addEventListener('click', () => closeForm(row));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        const text = await send(new FormData(form));
        replaceContent(outcome, h('p', { class: 'success', 'data-test': 'action-done' }, text));
        replaceContent(cancel, 'Close');
        submit.hidden = true;
        await refreshSideData();
        renderPending = true;
      } catch (failure) {
        submit.disabled = false;
        replaceContent(outcome, errorMessage(messageOf(failure)));
      }
    });
    form.querySelector('input, select')?.focus();
  }

  function openSilenceForm(alertRow, alert) {
    const controls = [
      field('For', selectBox({ name: 'until' }, DURATIONS, '4h')),
      field('Detector', selectBox({ name: 'scope' },
        [['this', detectorLabel(alert)], ['all', 'every detector']], 'this')),
      field('Comment', h('input', { name: 'comment', required: true, maxlength: 500, placeholder: 'why' })),
    ];
    actionRow(alertRow, `Silence ${alert.ip}`, controls, 'Silence', async (form) => {
      const request = { address: alert.ip, until: form.get('until'), comment: form.get('comment') };
      if (form.get('scope') === 'this') {
        request.detector = alert.detector;
      }
      const silence = await postJson('/api/silences', request);
      return `Silenced ${silence?.address ?? alert.ip} until ${formatUtc(silence?.endsAt)}.`;
    });
  }

  function openBlockForm(alertRow, alert, block) {
    const removing = Boolean(block);
    const controls = [
      removing ? h('span', null, `Blocked as ${block.address} until ${formatUtc(block.until)}`)
        : field('For', selectBox({ name: 'ttl' }, [['', 'policy default'], ...DURATIONS], '')),
      field('Comment', h('input', { name: 'comment', required: true, maxlength: 500, placeholder: 'why' })),
    ];
    const address = removing ? block.address : alert.ip;
    actionRow(alertRow, `${removing ? 'Unblock' : 'Block'} ${address}`, controls, removing ? 'Unblock' : 'Block',
      async (form) => {
        const request = { action: removing ? 'remove' : 'add', address, comment: form.get('comment') };
        if (!removing && form.get('ttl')) {
          request.ttl = form.get('ttl');
        }
        await postJson('/api/blocklist', request);
        return removing ? `Unblocked ${address}.` : `Block of ${address} requested${blocklist?.enforced ? '' : ' (dry-run)'}.`;
      });
  }

  function actionsCell(alertRow, alert) {
    const buttons = [];
    const silence = silenceOf(alert);
    if (silence) {
      buttons.push(h('span', { class: 'tag', 'data-test': 'silenced', title: String(silence.comment ?? '') },
        `silenced until ${formatUtc(silence.endsAt, { seconds: false })}`));
    }
    if (silences !== null) {
      const button = h('button', { type: 'button', class: 'small', 'data-test': 'silence-button' }, 'Silence');
      button.addEventListener('click', () => openSilenceForm(alertRow, alert));
      buttons.push(button);
    }
    if (blocklist) {
      const block = blockOf(alert.ip);
      const button = h('button', { type: 'button', class: `small ${block ? '' : 'danger'}`,
        'data-test': block ? 'unblock-button' : 'block-button' }, block ? 'Unblock' : 'Block');
      button.addEventListener('click', () => openBlockForm(alertRow, alert, block));
      if (block) {
        buttons.push(h('span', { class: 'tag', 'data-test': 'blocked' }, 'blocked until ',
          timeNode(block.until, { seconds: false })));
      }
      buttons.push(button);
    }
    return h('td', { 'data-label': 'Actions' }, h('div', { class: 'alert-actions' }, buttons));
  }

  function renderRows() {
    if (openForms > 0) {
      renderPending = true;
      return;
    }
    renderPending = false;
    const shown = alerts.filter((alert) => matches(alert, filters));
    const rows = shown.map((alert) => {
      const row = h('tr', alertRowAttributes(alert), alertCells(alert));
      row.append(actionsCell(row, alert));
      return row;
    });
    replaceContent(body, rows.length > 0 ? rows
      : h('tr', null, h('td', { class: 'empty', colspan: ALERT_COLUMNS.length + 1 },
        alerts.length === 0 ? 'No alerts are held live.' : 'No alert matches these filters.')));
    const firing = alerts.filter((alert) => alertStatus(alert) === 'firing').length;
    replaceContent(summary, `${formatCount(shown.length)} shown of ${formatCount(alerts.length)}; `
      + `${formatCount(firing)} firing`);
  }

  async function refreshSideData() {
    const [silenceAnswer, blockAnswer] = await Promise.allSettled([getJson('/api/silences'), getJson('/api/blocklist')]);
    silences = silenceAnswer.status === 'fulfilled' ? silenceAnswer.value.silences ?? [] : null;
    if (blockAnswer.status === 'fulfilled') {
      blocklist = blockAnswer.value;
    } else {
      // 404 or 400 means this process keeps no blocklist: the buttons stay hidden, nothing is wrong.
      const failure = blockAnswer.reason;
      blocklist = null;
      if (!(failure instanceof ApiError) || (failure.status !== 404 && failure.status !== 400)) {
        replaceContent(message, errorMessage(`The blocklist could not be read: ${messageOf(failure)}`));
      }
    }
    renderCapabilities();
  }

  async function refresh() {
    try {
      const answer = await getJson(`/api/alerts?limit=${ALERT_LIMIT}`);
      alerts = [...answer.alerts].sort((a, b) => (b.lastSeen - a.lastSeen)
        || (severityRank(a.severity) - severityRank(b.severity)) || String(a.ip).localeCompare(String(b.ip)));
      replaceContent(message);
    } catch (failure) {
      replaceContent(message, errorMessage(messageOf(failure)));
    }
    fillDetectors();
    renderRows();
  }

  function onFilterChange() {
    filters.severity = severitySelect.value;
    filters.status = statusSelect.value;
    filters.detector = detectorSelect.value;
    filters.address = addressInput.value.trim();
    writeFilters(filters);
    renderRows();
  }

  for (const control of [severitySelect, statusSelect, detectorSelect]) {
    control.addEventListener('change', onFilterChange);
  }
  addressInput.addEventListener('input', onFilterChange);

  await refreshSideData();
  await refresh();
  every(REFRESH_EVERY, async () => {
    await refreshSideData();
    await refresh();
  });
}
