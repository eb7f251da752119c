package io.flowsight.topology.computations;

import io.flowsight.topology.TopologyConfig;

import java.util.List;

/** The computation plans of every raw topic, in the order the topology adds them. */
public final class Plans {
    private Plans() {
    }

    public static List<ComputationPlan<?>> all(TopologyConfig config) {
        return List.of(VpcFlowComputations.plan(config), AlbComputations.plan(config),
                CloudTrailComputations.plan(config));
    }
}
