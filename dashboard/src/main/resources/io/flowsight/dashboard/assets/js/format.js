import { h } from './dom.js';

// A fixed locale: the same digits and separators on every machine, so screenshots and the browser tests compare
// what they see with the API's numbers; the exact value is always in the title or a data- attribute.
const LOCALE = 'en-US';
const WHOLE = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const COMPACT = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });

const NO_VALUE = '—';

function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

export function formatCount(value) {
  return isNumber(value) ? WHOLE.format(value) : NO_VALUE;
}

/** Up to `digits` decimals, fewer when they are zero. */
export function formatNumber(value, digits = 2) {
  if (!isNumber(value)) {
    return NO_VALUE;
  }
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(value);
}

export function formatCompact(value) {
  return isNumber(value) ? COMPACT.format(value) : NO_VALUE;
}

export function formatPercent(fraction) {
  return isNumber(fraction) ? PERCENT.format(fraction) : NO_VALUE;
}

// Decimal units, as network volumes and AWS's own consoles count bytes.
const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(value) {
  if (!isNumber(value)) {
    return NO_VALUE;
  }
  let scaled = Math.abs(value);
  let unit = 0;
  while (scaled >= 1000 && unit < BYTE_UNITS.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  const sign = value < 0 ? '-' : '';
  if (unit === 0) {
    return `${sign}${WHOLE.format(scaled)} B`;
  }
  const digits = scaled < 10 ? 2 : scaled < 100 ? 1 : 0;
  return `${sign}${scaled.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** A per-second rate: `formatRate(12.5, 'records')` is "12.5 records/s"; bytes get a byte unit. */
export function formatRate(perSecond, unit) {
  if (!isNumber(perSecond)) {
    return NO_VALUE;
  }
  if (unit === 'bytes') {
    return `${formatBytes(perSecond)}/s`;
  }
  const digits = perSecond < 10 ? 1 : 0;
  return `${formatNumber(perSecond, digits)} ${unit}/s`;
}

/** A value in its measure's unit: bytes scaled, anything else counted and named. */
export function formatMeasure(value, unit) {
  if (unit === 'bytes') {
    return formatBytes(value);
  }
  return unit ? `${formatCount(value)} ${unit}` : formatCount(value);
}

/** The unit of a ranked or counted dimension, told by its name (vpc_src_bytes, alb_client_requests, …). */
export function unitOfDimension(dimension) {
  const last = String(dimension ?? '').split('_').pop();
  const units = {
    bytes: 'bytes', packets: 'packets', flows: 'flows', requests: 'requests', calls: 'calls', '4xx': 'responses',
    '5xx': 'responses',
  };
  return units[last] ?? 'flows';
}

/**
 * Milliseconds since the epoch from what the API sends: epoch milliseconds, or ISO-8601 text (the lake's
 * timestamps come without a zone and are UTC).
 */
export function toMillis(value) {
  if (isNumber(value)) {
    return value;
  }
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
  const millis = Date.parse(zoned);
  return Number.isNaN(millis) ? null : millis;
}

function pad(number, width = 2) {
  return String(number).padStart(width, '0');
}

/**
 * "2026-12-06 00:04:57 UTC": logs, windows and the lake are all in UTC. `date: false` leaves the day out where a
 * neighbouring time already shows it.
 */
export function formatUtc(value, { seconds = true, date = true } = {}) {
  const millis = toMillis(value);
  if (millis === null) {
    return NO_VALUE;
  }
  const d = new Date(millis);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `;
  return `${date ? day : ''}${time} UTC`;
}

/** Whether two times fall on the same UTC day. */
export function sameUtcDay(first, second) {
  const a = toMillis(first);
  const b = toMillis(second);
  return a !== null && b !== null && Math.floor(a / 86_400_000) === Math.floor(b / 86_400_000);
}

export function formatLocal(value) {
  const millis = toMillis(value);
  if (millis === null) {
    return '';
  }
  return new Date(millis).toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
    timeZoneName: 'short',
  });
}

/** A `<time>` showing UTC, with the reader's local time on hover. */
export function timeNode(value, options) {
  const millis = toMillis(value);
  if (millis === null) {
    return h('span', { class: 'muted' }, NO_VALUE);
  }
  return h('time', { datetime: new Date(millis).toISOString(), title: `Local time: ${formatLocal(millis)}` },
    formatUtc(millis, options));
}

/** The length of an ISO-8601 duration such as PT1M or P1D in milliseconds, or NaN. */
export function durationMillis(isoDuration) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(isoDuration ?? ''));
  if (!match) {
    return Number.NaN;
  }
  const [, days = 0, hours = 0, minutes = 0, seconds = 0] = match;
  return (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/** "PT1M" → "1 min", "PT1H" → "1 h": the window sizes the API takes, as people say them. */
export function formatWindow(isoDuration) {
  const match = /^PT?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(String(isoDuration ?? ''));
  if (!match) {
    return String(isoDuration ?? NO_VALUE);
  }
  const [, days, hours, minutes, seconds] = match;
  const parts = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds) parts.push(`${seconds} s`);
  return parts.join(' ') || String(isoDuration);
}

/** A duration in milliseconds as "3 h 5 min" or "42 s". */
export function formatDuration(millis) {
  if (!isNumber(millis)) {
    return NO_VALUE;
  }
  const totalSeconds = Math.round(Math.abs(millis) / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}
