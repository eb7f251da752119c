/**
 * Sinks: consume the raw and aggregate topics and write the Hive-partitioned Parquet lake exactly once
 * (DESIGN.md section 5). Depends only on {@code schemas}.
 */
package io.flowsight.sinks;
