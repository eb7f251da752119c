CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`blocklist_changes` (
  `change_id` string,
  `address` string,
  `family` string,
  `action` string,
  `blocked` boolean,
  `expires_at` timestamp,
  `reason` string,
  `alert_id` string,
  `detector` string,
  `severity` string,
  `offences` int,
  `decided_by` string,
  `comment` string,
  `enforced` boolean,
  `decided_at` timestamp
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/blocklist_changes/'
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
  'storage.location.template' = 's3://my-bucket/flowsight/blocklist_changes/dt=${dt}/hour=${hour}/'
);
