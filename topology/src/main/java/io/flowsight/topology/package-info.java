/**
 * Topology: the Kafka Streams application that reads the raw topics and writes the aggregate, finding and alert
 * topics, keeping queryable state stores (DESIGN.md sections 1-3). Depends on {@code schemas}, and on {@code rules}
 * for loading and matching Sigma rules.
 *
 * <p>{@link io.flowsight.topology.FlowSightTopology} assembles it from one
 * {@link io.flowsight.topology.computations.ComputationPlan} per raw topic; {@code tally} holds the per-key window
 * tallies and their processor, {@code rank} the top-N (exact and sketch) and the merger, {@code detect} the
 * detectors and baselines, {@code alert} the watch-list and the alert deduplicator, {@code findings} the detection
 * rules run over CloudTrail and ALB records and the alerts of their findings, {@code query} the interactive
 * queries. {@link io.flowsight.topology.FlowSightStreams} runs it.
 */
package io.flowsight.topology;
