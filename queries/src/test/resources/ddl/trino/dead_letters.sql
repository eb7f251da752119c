CREATE TABLE IF NOT EXISTS hive.flowsight.dead_letters (
  "source" varchar,
  "log_type" varchar,
  "line_number" bigint,
  "byte_offset" bigint,
  "reason" varchar,
  "error" varchar,
  "payload" varbinary,
  "record_time" timestamp(3),
  "event_time" timestamp(3),
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/dead_letters',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'dead_letters', 'ADD');

