CREATE TABLE IF NOT EXISTS hive.flowsight.anomalies (
  "window_start" timestamp(3),
  "window_end" timestamp(3),
  "detector" varchar,
  "key" varchar,
  "observed" double,
  "expected" double,
  "spread" double,
  "score" double,
  "threshold" double,
  "evidence" map(varchar, varchar),
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/anomalies',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'anomalies', 'ADD');

