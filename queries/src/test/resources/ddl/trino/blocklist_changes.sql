CREATE TABLE IF NOT EXISTS hive.flowsight.blocklist_changes (
  "change_id" varchar,
  "address" varchar,
  "family" varchar,
  "action" varchar,
  "blocked" boolean,
  "expires_at" timestamp(3),
  "reason" varchar,
  "alert_id" varchar,
  "detector" varchar,
  "severity" varchar,
  "offences" integer,
  "decided_by" varchar,
  "comment" varchar,
  "enforced" boolean,
  "decided_at" timestamp(3),
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/blocklist_changes',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'blocklist_changes', 'ADD');
