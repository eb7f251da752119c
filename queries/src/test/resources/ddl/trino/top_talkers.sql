CREATE TABLE IF NOT EXISTS hive.flowsight.top_talkers (
  "window_start" timestamp(3),
  "window_end" timestamp(3),
  "dimension" varchar,
  "mode" varchar,
  "max_error" bigint,
  "entries" array(row("rank" integer, "key" varchar, "value" bigint, "lower_bound" bigint, "upper_bound" bigint)),
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/top_talkers',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'top_talkers', 'ADD');

