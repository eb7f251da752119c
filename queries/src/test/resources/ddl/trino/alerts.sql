CREATE TABLE IF NOT EXISTS hive.flowsight.alerts (
  "alert_id" varchar,
  "ip" varchar,
  "detector" varchar,
  "severity" varchar,
  "window_start" timestamp(3),
  "window_end" timestamp(3),
  "first_seen" timestamp(3),
  "last_seen" timestamp(3),
  "score" double,
  "summary" varchar,
  "evidence" map(varchar, varchar),
  "status" varchar,
  "occurrences" integer,
  "resolved_at" timestamp(3),
  "log_type" varchar,
  "internal" boolean,
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/alerts',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'alerts', 'ADD');
