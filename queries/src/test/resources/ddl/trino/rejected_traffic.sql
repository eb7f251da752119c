CREATE TABLE IF NOT EXISTS hive.flowsight.rejected_traffic (
  "window_start" timestamp(3),
  "window_end" timestamp(3),
  "log_type" varchar,
  "dimension" varchar,
  "key" varchar,
  "count" bigint,
  "bytes" bigint,
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/rejected_traffic',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'rejected_traffic', 'ADD');

