CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`dead_letters` (
  `source` string,
  `log_type` string,
  `line_number` bigint,
  `byte_offset` bigint,
  `reason` string,
  `error` string,
  `payload` binary,
  `record_time` timestamp,
  `event_time` timestamp
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/dead_letters/'
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
  'storage.location.template' = 's3://my-bucket/flowsight/dead_letters/dt=${dt}/hour=${hour}/'
);

