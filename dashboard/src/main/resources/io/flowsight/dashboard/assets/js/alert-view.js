import { h, pageLink } from './dom.js';
import { formatCount, formatUtc, sameUtcDay, timeNode } from './format.js';
import { ipPagePath } from './ip-address.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(severity) {
  const rank = SEVERITIES.indexOf(String(severity).toLowerCase());
  return rank < 0 ? SEVERITIES.length : rank;
}

export function severityBadge(severity) {
  const known = SEVERITIES.includes(String(severity).toLowerCase()) ? String(severity).toLowerCase() : 'unknown';
  return h('span', { class: `badge severity severity-${known}`, title: String(severity ?? 'unknown') },
    String(severity ?? 'unknown'));
}

/** `firing` or `resolved`: the live API says so by `resolvedAt`, the lake by its `status` column. */
export function alertStatus(alert) {
  if (alert.status) {
    return String(alert.status);
  }
  return alert.resolvedAt === null || alert.resolvedAt === undefined ? 'firing' : 'resolved';
}

export function statusBadge(status) {
  return h('span', { class: `badge status status-${status === 'firing' ? 'firing' : 'resolved'}` }, status);
}

/** A rule's alerts are named by the rule's title; the detector id stays in the title for filtering by it. */
export function detectorLabel(alert) {
  const title = alert.evidence?.rule_title;
  return title ? `${title}` : String(alert.detector ?? '');
}

export function detectorNode(alert) {
  const title = alert.evidence?.rule_title;
  if (!title) {
    return h('span', { class: 'mono' }, String(alert.detector ?? ''));
  }
  return h('span', { title: String(alert.detector ?? '') }, h('span', { class: 'tag' }, 'rule'), ' ', title);
}

/** Whether an address is one of ours, as the API answers it from flowsight.topology.internal.cidrs. */
export function scopeTag(internal) {
  const ranges = 'the ranges configured as yours (flowsight.topology.internal.cidrs)';
  return h('span', {
    class: `tag ${internal ? 'tag-internal' : 'tag-external'}`,
    title: internal ? `Internal: in ${ranges}` : `External: outside ${ranges}`,
  }, internal ? 'internal' : 'external');
}

/** The address, linked to its page when it is an IP address, with whether it is one of ours when the API says. */
export function addressNode(address, internal) {
  const text = String(address ?? '');
  const path = ipPagePath(text);
  const name = path ? pageLink(path, { class: 'mono address' }, text) : h('span', { class: 'mono address' }, text);
  if (typeof internal !== 'boolean') {
    return h('span', { class: 'address-cell' }, name);
  }
  return h('span', { class: 'address-cell' }, name, ' ', scopeTag(internal));
}

function windowText(windowValue, alert) {
  const parts = typeof windowValue === 'string' ? windowValue.split('/') : [];
  const start = parts[0] ?? alert.windowStart;
  const end = parts[1] ?? alert.windowEnd;
  if (start === undefined || end === undefined) {
    return null;
  }
  return `${formatUtc(start)} → ${formatUtc(end, { date: !sameUtcDay(start, end) })}`;
}

// Shown in their own cells or lines (the rule's title names the detector), or ids nobody reads in a table.
const SHOWN_ELSEWHERE = new Set(['rule_title', 'rule_id', 'rule_author', 'observed', 'bar', 'expected', 'measure',
  'window', 'finding_id', 'event_id', 'internal', 'log_type']);

function term(label, ...value) {
  return [h('dt', null, label), h('dd', null, ...value)];
}

/** What the alert's evidence says, every value as text: observed against the bar or baseline, the window, the rule. */
export function evidenceNode(alert) {
  const evidence = alert.evidence ?? {};
  const items = [];
  if (evidence.observed !== undefined) {
    const measure = String(evidence.measure ?? 'value').replaceAll('_', ' ');
    const against = evidence.expected !== undefined ? ['expected', evidence.expected] : ['bar', evidence.bar];
    items.push(term('observed', h('span', { class: 'num-inline' }, String(evidence.observed)), ` ${measure}`,
      against[1] !== undefined ? h('span', { class: 'muted' }, ` vs ${against[0]} `) : null,
      against[1] !== undefined ? h('span', { class: 'num-inline' }, String(against[1])) : null));
  }
  if (evidence.rule_author) {
    items.push(term('rule by', String(evidence.rule_author)));
  }
  const window = windowText(evidence.window, alert);
  if (window) {
    items.push(term('window', window));
  }
  for (const [key, value] of Object.entries(evidence)) {
    if (!SHOWN_ELSEWHERE.has(key) && value !== null && value !== undefined && value !== '') {
      // Lists come comma-joined without spaces (tags, sampled ports); spaces let them wrap between items.
      items.push(term(key.replaceAll('_', ' '), h('span', { class: 'wrap-anywhere' }, String(value).replace(/,(?=\S)/g, ', '))));
    }
  }
  return h('dl', { class: 'evidence' }, items);
}

function seenNode(alert) {
  const first = alert.firstSeen ?? alert.first_seen;
  const last = alert.lastSeen ?? alert.last_seen;
  return h('div', { class: 'seen' }, timeNode(first),
    h('div', null, h('span', { class: 'muted' }, 'to '), timeNode(last, { date: !sameUtcDay(first, last) })));
}

export const ALERT_COLUMNS = [['Severity'], ['Detector'], ['Address'], ['Seen (UTC)'], ['Count', 'num'], ['Evidence']];

/**
 * The row cells both the alerts page and the IP page show. Each cell names its column in data-label, which narrow
 * screens show in front of it when the table is laid out as one card per alert.
 */
export function alertCells(alert) {
  const [severity, detector, address, seen, count, evidence] = ALERT_COLUMNS.map(([label]) => label);
  return [
    h('td', { 'data-label': severity },
      h('div', { class: 'badges' }, severityBadge(alert.severity), statusBadge(alertStatus(alert)))),
    h('td', { class: 'detector', 'data-label': detector }, detectorNode(alert),
      h('div', { class: 'muted small' }, String(alert.logType ?? alert.log_type ?? ''))),
    h('td', { 'data-label': address }, addressNode(alert.ip, alert.internal)),
    h('td', { class: 'nowrap', 'data-label': seen }, seenNode(alert)),
    h('td', { class: 'num', 'data-label': count }, formatCount(alert.occurrences)),
    h('td', { class: 'evidence-cell', 'data-label': evidence },
      h('p', { class: 'summary wrap-anywhere' }, String(alert.summary ?? '')), evidenceNode(alert)),
  ];
}

export function alertRowAttributes(alert) {
  return {
    'data-test': 'alert-row',
    'data-alert-id': String(alert.alertId ?? alert.alert_id ?? ''),
    'data-ip': String(alert.ip ?? ''),
    'data-severity': String(alert.severity ?? ''),
    'data-status': alertStatus(alert),
    'data-detector': String(alert.detector ?? ''),
  };
}
