CREATE EXTERNAL TABLE IF NOT EXISTS `flowsight`.`alb_connection_logs` (
  `time` string,
  `client_ip` string,
  `client_port` int,
  `listener_port` int,
  `tls_protocol` string,
  `tls_cipher` string,
  `tls_handshake_latency` double,
  `leaf_client_cert_subject` string,
  `leaf_client_cert_validity` string,
  `leaf_client_cert_serial_number` string,
  `tls_verify_status` string,
  `conn_trace_id` string,
  `tls_keyexchange` string,
  `elb` string,
  `ip_address` string,
  `extra_fields` array<string>,
  `event_time` timestamp
)
PARTITIONED BY (`dt` string, `hour` string)
STORED AS PARQUET
LOCATION 's3://my-bucket/flowsight/alb_connection_logs/'
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
  'storage.location.template' = 's3://my-bucket/flowsight/alb_connection_logs/dt=${dt}/hour=${hour}/'
);

