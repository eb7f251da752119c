CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`top_talkers` (
  `window_start` timestamp,
  `window_end` timestamp,
  `dimension` string,
  `mode` string,
  `max_error` bigint,
  `entries` array<struct<rank:int,key:string,value:bigint,lower_bound:bigint,upper_bound:bigint>>
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/top_talkers/'
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
  'storage.location.template' = 's3://my-bucket/flowsight/top_talkers/dt=${dt}/hour=${hour}/'
);

