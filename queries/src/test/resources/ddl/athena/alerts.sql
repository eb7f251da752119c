CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`alerts` (
  `alert_id` string,
  `ip` string,
  `detector` string,
  `severity` string,
  `window_start` timestamp,
  `window_end` timestamp,
  `first_seen` timestamp,
  `last_seen` timestamp,
  `score` double,
  `summary` string,
  `evidence` map<string,string>,
  `status` string,
  `occurrences` int,
  `resolved_at` timestamp,
  `log_type` string,
  `internal` boolean
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/alerts/'
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
  'storage.location.template' = 's3://my-bucket/flowsight/alerts/dt=${dt}/hour=${hour}/'
);
