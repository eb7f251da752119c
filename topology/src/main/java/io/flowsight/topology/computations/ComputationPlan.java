package io.flowsight.topology.computations;

import io.flowsight.schemas.Topic;
import io.flowsight.topology.findings.FindingSource;
import io.flowsight.topology.tally.Rekeyed;
import io.flowsight.topology.tally.TallyDefinition;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the topology computes from one raw topic: tallies under the topic's own key (no repartition), tallies
 * under other keys (repartitioned first), the addresses a record mentions, for the watch-list, and, for the logs
 * detection rules run over, how its records become findings.
 */
public record ComputationPlan<V>(String group, Topic topic, String logType, Class<V> type,
                                 List<TallyDefinition<V>> direct, List<Rekeyed<V>> rekeyed,
                                 Function<V, List<String>> addresses, Optional<FindingSource<V>> findings) {
}
