// Reads the few meters the overview shows out of /metrics (Prometheus text format 0.0.4), asking for those
// metrics only: the whole scrape holds thousands of Kafka client series.

const WANTED = new Set([
  'flowsight_ingest_records_total',
  'flowsight_ingest_bytes_total',
  'flowsight_ingest_rejected_total',
  'flowsight_sink_records_written',
  'flowsight_notify_sent_total',
  'flowsight_notify_failed_total',
  'flowsight_notify_dead_lettered_total',
  'kafka_stream_thread_process_total',
  'kafka_consumer_fetch_manager_records_lag',
]);

/** The scrape of the wanted metrics only (`/metrics?name[]=…`), rather than every Kafka client series. */
export const METRICS_PATH = `/metrics?${[...WANTED].map((name) => `name[]=${encodeURIComponent(name)}`).join('&')}`;

const LABEL_ESCAPES = { n: '\n', '\\': '\\', '"': '"' };

function parseLabels(text) {
  const labels = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    labels[match[1]] = match[2].replace(/\\(.)/g, (_, escaped) => LABEL_ESCAPES[escaped] ?? escaped);
  }
  return labels;
}

function parseValue(text) {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** The samples of the wanted metrics: a Map from metric name to `[{labels, value}]`. */
export function parseMetrics(text) {
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    const name = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (!WANTED.has(name)) {
      continue;
    }
    let labels = {};
    let rest = line.slice(name.length);
    if (rest.startsWith('{')) {
      const close = rest.lastIndexOf('}');
      labels = parseLabels(rest.slice(1, close));
      rest = rest.slice(close + 1);
    }
    const value = parseValue(rest.trim().split(/\s+/)[0]);
    if (!samples.has(name)) {
      samples.set(name, []);
    }
    samples.get(name).push({ labels, value });
  }
  return samples;
}

function sum(samples, name) {
  const list = samples.get(name);
  if (!list) {
    return null;
  }
  return list.reduce((total, sample) => total + (Number.isFinite(sample.value) ? sample.value : 0), 0);
}

function byLabel(samples, name, label) {
  const totals = {};
  for (const sample of samples.get(name) ?? []) {
    const key = sample.labels[label] ?? '';
    totals[key] = (totals[key] ?? 0) + (Number.isFinite(sample.value) ? sample.value : 0);
  }
  return totals;
}

/** Which stage a Kafka consumer belongs to, told by its client id. */
function consumerStage(clientId) {
  if (/-StreamThread-\d+-restore-consumer$/.test(clientId)) return null;
  if (/-StreamThread-\d+-consumer$/.test(clientId)) return 'Stream processing';
  if (/-global-consumer$/.test(clientId)) return 'Stream processing (global tables)';
  if (/sink/.test(clientId)) return 'Lake sink';
  if (/notify/.test(clientId)) return 'Alert delivery';
  if (/respond|blocklist/.test(clientId)) return 'Blocklist';
  return clientId;
}

/**
 * Records each stage's consumers still have to read, per stage and topic. Kafka's metrics name every topic twice
 * (dots, and dots as underscores), so partitions are counted once by their underscored name.
 */
function consumerLag(samples) {
  const stages = new Map();
  for (const { labels, value } of samples.get('kafka_consumer_fetch_manager_records_lag') ?? []) {
    if (!labels.topic || !labels.partition || !Number.isFinite(value)) {
      continue;
    }
    const stage = consumerStage(labels.client_id ?? '');
    if (stage === null) {
      continue;
    }
    if (!stages.has(stage)) {
      stages.set(stage, new Map());
    }
    const partitions = stages.get(stage);
    const key = `${labels.client_id}|${labels.topic.replaceAll('.', '_')}|${labels.partition}`;
    const seen = partitions.get(key);
    partitions.set(key, {
      topic: seen && !labels.topic.includes('.') ? seen.topic : labels.topic,
      lag: Math.max(value, seen?.lag ?? 0),
    });
  }
  const result = [];
  for (const [stage, partitions] of stages) {
    const perTopic = new Map();
    for (const { topic, lag } of partitions.values()) {
      perTopic.set(topic, (perTopic.get(topic) ?? 0) + lag);
    }
    const topics = [...perTopic].map(([topic, lag]) => ({ topic, lag })).sort((a, b) => b.lag - a.lag);
    result.push({ stage, total: topics.reduce((total, topic) => total + topic.lag, 0), topics });
  }
  return result.sort((a, b) => a.stage.localeCompare(b.stage));
}

/** What the overview shows of one scrape. */
export function summarize(samples, takenAt) {
  return {
    takenAt,
    recordsByType: byLabel(samples, 'flowsight_ingest_records_total', 'type'),
    bytesByType: byLabel(samples, 'flowsight_ingest_bytes_total', 'type'),
    rejectedByType: byLabel(samples, 'flowsight_ingest_rejected_total', 'type'),
    ingestKnown: samples.has('flowsight_ingest_records_total'),
    sinkWritten: sum(samples, 'flowsight_sink_records_written'),
    streamProcessed: sum(samples, 'kafka_stream_thread_process_total'),
    notifySent: sum(samples, 'flowsight_notify_sent_total'),
    notifyFailed: sum(samples, 'flowsight_notify_failed_total'),
    notifyDeadLettered: sum(samples, 'flowsight_notify_dead_lettered_total'),
    lag: consumerLag(samples),
  };
}

/** Per-second rate between two scrapes; null until there are two, or when a counter restarted. */
export function ratePerSecond(before, after, pick) {
  if (!before || !after) {
    return null;
  }
  const seconds = (after.takenAt - before.takenAt) / 1000;
  const from = pick(before);
  const to = pick(after);
  if (seconds <= 0 || from === null || to === null || from === undefined || to === undefined || to < from) {
    return null;
  }
  return (to - from) / seconds;
}
