/**
 * Queries: read-only SQL over the lake with embedded DuckDB, canned queries, and the Athena and Trino DDL
 * generated from the Avro schemas (DESIGN.md section 5). Depends only on {@code schemas}.
 */
package io.flowsight.queries;
