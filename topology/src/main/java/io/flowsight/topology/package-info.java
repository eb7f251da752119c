/**
 * Topology: the Kafka Streams application that reads the raw topics and writes the aggregate and alert
 * topics, keeping queryable state stores (DESIGN.md sections 1-3). Depends only on {@code schemas}.
 */
package io.flowsight.topology;
