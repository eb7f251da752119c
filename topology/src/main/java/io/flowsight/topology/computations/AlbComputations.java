package io.flowsight.topology.computations;

import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.Topic;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.detect.Detector;
import io.flowsight.topology.findings.AlbFindingSource;
import io.flowsight.topology.tally.TallyDefinition;

import java.util.List;
import java.util.Optional;

/** What FlowSight computes from ALB access logs, all per client address (the raw topic's key). */
public final class AlbComputations {
    static final long REQUESTS_FLOOR = 300;
    static final long ERRORS_FLOOR = 20;

    private AlbComputations() {
    }

    public static ComputationPlan<AlbLogEntry> plan(TopologyConfig config) {
        TallyDefinition.Builder<AlbLogEntry> client = TallyDefinition.<AlbLogEntry>builder("alb_client", "alb")
                .counters("requests", "bytes", "status_4xx", "status_5xx", "errors")
                .key(AlbLogEntry::getClientIp, true)
                .contribution((entry, update) -> {
                    update.add(0, 1);
                    update.add(1, VpcFlowComputations.orZero(entry.getReceivedBytes())
                            + VpcFlowComputations.orZero(entry.getSentBytes()));
                    Integer status = entry.getElbStatusCode();
                    if (status != null && status >= 400 && status < 500) {
                        update.add(2, 1);
                        update.add(4, 1);
                    } else if (status != null && status >= 500 && status < 600) {
                        update.add(3, 1);
                        update.add(4, 1);
                    }
                });
        client.ranked("alb_client_requests", "requests").ranked("alb_client_bytes", "bytes")
                .rejections("alb_client_4xx", "status_4xx", null)
                .rejections("alb_client_5xx", "status_5xx", null)
                .detector(Detector.baseline("request_rate", client.counter("requests"), config.scoreThreshold(),
                        REQUESTS_FLOOR, "request_burst", "low"))
                .detector(Detector.baseline("http_error_rate", client.counter("errors"), config.scoreThreshold(),
                        ERRORS_FLOOR, null, "medium"))
                .detector(Detector.threshold("http_errors", client.counter("errors"), config.httpErrors(),
                        "http_error_burst", "medium"));
        return new ComputationPlan<>("alb", Topic.RAW_ALB, "alb", AlbLogEntry.class, List.of(client.build()),
                List.of(), entry -> VpcFlowComputations.addresses(entry.getClientIp()),
                Optional.of(new AlbFindingSource()));
    }
}
