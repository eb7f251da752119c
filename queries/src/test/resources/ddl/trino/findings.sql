CREATE TABLE IF NOT EXISTS hive.flowsight.findings (
  "finding_id" varchar,
  "rule_id" varchar,
  "rule_title" varchar,
  "rule_level" varchar,
  "rule_author" varchar,
  "rule_tags" array(varchar),
  "rule_references" array(varchar),
  "matched_selections" array(varchar),
  "log_type" varchar,
  "event_id" varchar,
  "event_time" timestamp(3),
  "source_address" varchar,
  "principal_arn" varchar,
  "user_name" varchar,
  "event_source" varchar,
  "event_name" varchar,
  "error_code" varchar,
  "aws_region" varchar,
  "account_id" varchar,
  "request_verb" varchar,
  "request_url" varchar,
  "user_agent" varchar,
  "status_code" integer,
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/findings',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'findings', 'ADD');
