CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`findings` (
  `finding_id` string,
  `rule_id` string,
  `rule_title` string,
  `rule_level` string,
  `rule_author` string,
  `rule_tags` array<string>,
  `rule_references` array<string>,
  `matched_selections` array<string>,
  `log_type` string,
  `event_id` string,
  `event_time` timestamp,
  `source_address` string,
  `principal_arn` string,
  `user_name` string,
  `event_source` string,
  `event_name` string,
  `error_code` string,
  `aws_region` string,
  `account_id` string,
  `request_verb` string,
  `request_url` string,
  `user_agent` string,
  `status_code` int
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/findings/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2020-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'projection.hour.type' = 'integer',
  'projection.hour.range' = '0,23',
  'projection.hour.digits' = '2',
  'storage.location.template' = 's3://my-bucket/flowsight/findings/dt=${dt}/hour=${hour}/'
);
