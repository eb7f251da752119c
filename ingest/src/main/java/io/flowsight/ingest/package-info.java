/**
 * Ingest: turns VPC Flow Logs, CloudTrail events and ALB logs into typed Avro records on FlowSight's raw
 * topics, and everything it cannot parse into dead letters (DESIGN.md sections 1-3). Depends only on
 * {@code schemas}.
 */
package io.flowsight.ingest;
