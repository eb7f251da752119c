CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`rejected_traffic` (
  `window_start` timestamp,
  `window_end` timestamp,
  `log_type` string,
  `dimension` string,
  `key` string,
  `count` bigint,
  `bytes` bigint
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/rejected_traffic/'
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
  'storage.location.template' = 's3://my-bucket/flowsight/rejected_traffic/dt=${dt}/hour=${hour}/'
);

