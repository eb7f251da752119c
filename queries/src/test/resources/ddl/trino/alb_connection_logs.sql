CREATE TABLE IF NOT EXISTS hive.flowsight.alb_connection_logs (
  "time" varchar,
  "client_ip" varchar,
  "client_port" integer,
  "listener_port" integer,
  "tls_protocol" varchar,
  "tls_cipher" varchar,
  "tls_handshake_latency" double,
  "leaf_client_cert_subject" varchar,
  "leaf_client_cert_validity" varchar,
  "leaf_client_cert_serial_number" varchar,
  "tls_verify_status" varchar,
  "conn_trace_id" varchar,
  "tls_keyexchange" varchar,
  "elb" varchar,
  "ip_address" varchar,
  "extra_fields" array(varchar),
  "event_time" timestamp(3),
  "dt" varchar,
  "hour" varchar
)
WITH (
  external_location = 's3://my-bucket/flowsight/alb_connection_logs',
  format = 'PARQUET',
  partitioned_by = ARRAY['dt', 'hour']
);
CALL hive.system.sync_partition_metadata('flowsight', 'alb_connection_logs', 'ADD');

